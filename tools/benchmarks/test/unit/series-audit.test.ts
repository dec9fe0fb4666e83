import { describe, expect, it } from 'vitest';
import { auditSeries } from '../../src/series-audit.js';

describe("the benchmark's audit of document numbers", () => {
  it('finds nothing wrong with series that each run 1, 2, 3, ...', () => {
    expect(auditSeries(['INV-2026-A-000002', 'INV-2026-B-000001', 'INV-2026-A-000001', 'INV-2026-000001'])).toEqual({
      documents: 4,
      series: 3,
      gaps: 0,
      duplicates: 0,
      malformed: 0,
    });
  });

  it('counts each number missing below the highest of its series, and each number used twice', () => {
    expect(
      auditSeries(['INV-2026-A-000001', 'INV-2026-A-000004', 'INV-2026-A-000004', 'INV-2026-B-000002', 'INV-2027-A-000001']),
    ).toEqual({ documents: 5, series: 3, gaps: 3, duplicates: 1, malformed: 0 });
  });

  it('counts what is not a document number', () => {
    expect(auditSeries(['INV-2026-A-1', 'INV-2026-A-000001'])).toMatchObject({ malformed: 1, gaps: 0 });
  });
});
