/**
 * What a tax inspector would check of a year's documents: within each series (the letter of
 * INV-2026-A-000042), every number from 1 to the highest present once, none missing, none twice.
 */
export interface SeriesAudit {
  documents: number;
  series: number;
  /** Numbers below a series' highest that no document has. */
  gaps: number;
  /** Documents beyond the first under one number. */
  duplicates: number;
  /** Documents whose number is not `<PREFIX>-<year>-[<letter>-]<six digits>`. */
  malformed: number;
}

export const auditSeries = (numbers: readonly string[]): SeriesAudit => {
  const bySeries = new Map<string, number[]>();
  let malformed = 0;
  for (const number of numbers) {
    const match = /^([A-Z]+-\d{4}-(?:[A-Z]-)?)(\d{6})$/.exec(number);
    if (!match) {
      malformed += 1;
      continue;
    }
    const series = bySeries.get(match[1]!) ?? [];
    series.push(Number(match[2]));
    bySeries.set(match[1]!, series);
  }
  let gaps = 0;
  let duplicates = 0;
  for (const sequences of bySeries.values()) {
    const distinct = new Set(sequences);
    duplicates += sequences.length - distinct.size;
    gaps += Math.max(...distinct) - [...distinct].filter((sequence) => sequence >= 1).length;
  }
  return { documents: numbers.length, series: bySeries.size, gaps, duplicates, malformed };
};
