// @ts-check
/**
 * Local schedules faster than AWS allows. EventBridge runs a schedule at most once a minute, and so
 * does serverless-offline with `rate(...)`; a function whose local stage needs a shorter period
 * (its deadlines are seconds there, to be testable) names it in
 * `custom.localCloud.scheduleEverySeconds: { <function>: <seconds> }`. Its `schedule` events keep
 * their AWS rate in serverless.yml; locally each becomes a cron with a seconds field, which
 * serverless-offline hands to node-schedule: it drops the last of 7 fields (AWS cron's year), and
 * node-schedule reads the 6 left as seconds, minutes, hours, days, months, weekdays.
 */

/**
 * The schedule events of `functions` with the named ones every `seconds` instead; other events
 * and functions as they were. Throws on a name that is no function or has no schedule, or a
 * period that is not a whole number of seconds from 1 to 59.
 * @param {Record<string, { events?: Array<Record<string, unknown>> }>} functions
 * @param {Record<string, number>} everySeconds
 */
export const withLocalSchedules = (functions, everySeconds) => {
  for (const [name, seconds] of Object.entries(everySeconds)) {
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > 59) {
      throw new Error(
        `custom.localCloud.scheduleEverySeconds.${name} must be a whole number of seconds from 1 to 59, not ${seconds}`,
      );
    }
    if (!functions[name]?.events?.some((event) => 'schedule' in event)) {
      throw new Error(`custom.localCloud.scheduleEverySeconds names ${name}, which has no schedule event`);
    }
  }
  return Object.fromEntries(
    Object.entries(functions).map(([name, definition]) => {
      const seconds = everySeconds[name];
      if (seconds === undefined) return [name, definition];
      const events = (definition.events ?? []).map((event) =>
        'schedule' in event ? { schedule: { rate: [`cron(*/${seconds} * * * * * *)`] } } : event,
      );
      return [name, { ...definition, events }];
    }),
  );
};
