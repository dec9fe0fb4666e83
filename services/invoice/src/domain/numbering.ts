/**
 * A series of document numbers that runs per calendar year without gaps, each series on its own:
 * INV-2026-000001, INV-2026-000002, ... for invoices; CN-2026-000001, ... for credit notes.
 * `counter` names the item that holds the series' last number of a year (see numbered-documents.ts).
 */
export interface NumberSeries {
  prefix: string;
  counter: string;
}

export const invoiceSeries: NumberSeries = { prefix: 'INV', counter: 'COUNTER' };
export const creditNoteSeries: NumberSeries = { prefix: 'CN', counter: 'CREDIT_NOTE' };

export const documentNumber = (series: NumberSeries, year: number, sequence: number): string =>
  `${series.prefix}-${year}-${String(sequence).padStart(6, '0')}`;
