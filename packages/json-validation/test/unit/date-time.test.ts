import { fullFormats } from 'ajv-formats/dist/formats.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateTimeFormat } from '../../src/date-time.js';

// The build compiles schemas with ajv-formats (ajv.ts); the generated code checks date-times with
// dateTimeFormat. The two must agree on every string, or a value would pass one and fail the other.
const reference = (fullFormats['date-time'] as { validate: (value: string) => boolean }).validate;

const digits = (min: number, max: number) => fc.integer({ min, max }).map(String);
const padded = (value: number, width: number) => String(value).padStart(width, '0');

/** Strings shaped like date-times, most near a boundary: month and day ends, leap years, :60, offsets. */
const nearlyDateTimes = fc
  .record({
    year: fc.oneof(fc.constantFrom(1900, 2000, 2024, 2025, 2100), fc.integer({ min: 0, max: 9999 })).map((y) => padded(y, 4)),
    month: fc.integer({ min: 0, max: 13 }).map((m) => padded(m, 2)),
    day: fc.integer({ min: 0, max: 32 }).map((d) => padded(d, 2)),
    separator: fc.constantFrom('T', 't', ' ', '\u00a0', '\t', 'x', 'TT', ''),
    hour: fc.integer({ min: 0, max: 25 }).map((h) => padded(h, 2)),
    minute: fc.integer({ min: 0, max: 61 }).map((m) => padded(m, 2)),
    second: fc.integer({ min: 0, max: 61 }).map((s) => padded(s, 2)),
    fraction: fc.oneof(
      fc.constant(''),
      digits(0, 999999).map((f) => `.${f}`),
      fc.constant('.'),
    ),
    zone: fc.oneof(
      fc.constantFrom('Z', 'z', '', '+', '-00', 'Zz'),
      fc
        .record({
          sign: fc.constantFrom('+', '-'),
          hours: fc.integer({ min: 0, max: 25 }).map((h) => padded(h, 2)),
          colon: fc.constantFrom(':', ''),
          minutes: fc.oneof(
            fc.constant(''),
            fc.integer({ min: 0, max: 61 }).map((m) => padded(m, 2)),
          ),
        })
        .map(({ sign, hours, colon, minutes }) => `${sign}${hours}${minutes === '' ? '' : colon}${minutes}`),
    ),
  })
  .map((p) => `${p.year}-${p.month}-${p.day}${p.separator}${p.hour}:${p.minute}:${p.second}${p.fraction}${p.zone}`);

describe('dateTimeFormat', () => {
  it.each([
    ['2026-12-02T21:40:58Z', true],
    ['2026-12-02T21:40:58.123+01:00', true],
    ['2024-02-29T00:00:00Z', true],
    ['2025-02-29T00:00:00Z', false],
    ['2026-04-31T00:00:00Z', false],
    ['2016-12-31T23:59:60Z', true],
    ['2016-12-31T22:59:60-01:00', true],
    ['2016-12-31T23:58:60Z', false],
    ['2026-12-02T21:40:58', false],
    ['2026-12-02', false],
    ['2026-12-02T24:00:00Z', false],
  ])('says %s is a date-time: %s', (value, expected) => {
    // Act / Assert
    expect(dateTimeFormat.validate(value)).toBe(expected);
    expect(reference(value)).toBe(expected);
  });

  it('agrees with ajv-formats on strings shaped like date-times', () => {
    fc.assert(
      fc.property(nearlyDateTimes, (value) => {
        expect(dateTimeFormat.validate(value)).toBe(reference(value));
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees with ajv-formats on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (value) => {
        expect(dateTimeFormat.validate(value)).toBe(reference(value));
      }),
      { numRuns: 5_000 },
    );
  });
});
