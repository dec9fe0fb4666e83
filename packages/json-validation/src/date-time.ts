// RFC 3339's date-time (section 5.6), checked as ajv-formats checks it in its full mode, which is
// what ajv applies when the schemas are compiled (ajv.ts). Generated validators call this one at
// run time instead of ajv-formats itself: that package is CommonJS, so a bundle cannot leave out the
// thirty other formats it defines, and building them all took about 1.3 ms of every cold start
// (measured on one core; see the README's Function bundles). test/unit/date-time.test.ts holds the
// two to the same answers.

const dateTime = /^(\d{4})-(\d{2})-(\d{2})(?:t|\s)(\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)(?:z|([+-])(\d{2})(?::?(\d{2}))?)$/i;

const daysIn = (month: number, year: number): number => {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
};

/**
 * Whether a string is a date-time: a real calendar day, a time of day with a time zone, and a leap
 * second (:60) only where it falls at 23:59 UTC.
 */
const isDateTime = (value: string): boolean => {
  const parts = dateTime.exec(value);
  if (!parts) return false;
  const [year, month, day, hour, minute] = parts.slice(1, 6).map(Number) as [number, number, number, number, number];
  const second = Number(parts[6]);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return false;
  const sign = parts[7] === '-' ? -1 : 1;
  const offsetHours = Number(parts[8] ?? 0);
  const offsetMinutes = Number(parts[9] ?? 0);
  if (offsetHours > 23 || offsetMinutes > 59) return false;
  if (hour <= 23 && minute <= 59 && second < 60) return true;
  const utcMinute = minute - offsetMinutes * sign;
  const utcHour = hour - offsetHours * sign - (utcMinute < 0 ? 1 : 0);
  return (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1) && second < 61;
};

/** The format as ajv's generated code calls it: `formats["date-time"].validate(value)`. */
export const dateTimeFormat = { validate: isDateTime };
