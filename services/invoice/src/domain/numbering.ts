/**
 * Document numbers a tax authority accepts: unique, sequential, and without a gap within a series
 * (the EU's VAT Directive, Article 226(2): "a sequential number, based on one or more series, which
 * uniquely identifies the invoice"). Each kind of document has series of its own per calendar year,
 * one for each letter, each gapless on its own: INV-2026-A-000001, INV-2026-A-000002, ... and
 * INV-2026-B-000001, ...; CN-2026-A-000001, ... for credit notes. A document goes into one series
 * and stays there; the series share no counter, so that one writer's number never waits for
 * another series' (docs/decisions/document-numbers.md says why, and what a customer sees).
 */
export interface DocumentKind {
  prefix: string;
  /** Names the item that holds a series' last number (see numbered-documents.ts). */
  counter: string;
}

export const invoiceKind: DocumentKind = { prefix: 'INV', counter: 'COUNTER' };
export const creditNoteKind: DocumentKind = { prefix: 'CN', counter: 'CREDIT_NOTE' };

/**
 * The letters of the series: 26, so that at about 40 numbers a second each (one conditional
 * transaction of 10-25 ms per number, on its own item) a year's documents of one kind can be
 * issued at 1,000 a second and more.
 */
export const seriesLetters: readonly string[] = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];

/** Where a document stands in its kind's numbers: its series' letter and its place in that series. */
export interface SeriesPlace {
  letter: string;
  sequence: number;
}

export const documentNumber = (kind: DocumentKind, year: number, { letter, sequence }: SeriesPlace): string =>
  `${kind.prefix}-${year}-${letter}-${String(sequence).padStart(6, '0')}`;

/**
 * When a document is issued: now, or, if a clock elsewhere ran ahead, the time of the last document
 * of its series, so that a series' dates never go backwards as its numbers go forwards.
 */
export const issueTime = (now: Date, lastIssuedAt: string | undefined): Date =>
  lastIssuedAt !== undefined && Date.parse(lastIssuedAt) > now.getTime() ? new Date(lastIssuedAt) : now;
