import { describe, expect, it } from 'vitest';
import { withLocalSchedules } from '../../schedules.mjs';

const functions = {
  sweepStalledOrders: { handler: 'sweep.main', events: [{ schedule: 'rate(1 minute)' }] },
  relayOutbox: { handler: 'relay.main', events: [{ schedule: 'rate(1 minute)' }] },
  getOrder: { handler: 'get.main', events: [{ http: { method: 'get', path: '/orders/{orderId}' } }] },
};

describe('withLocalSchedules', () => {
  it("runs a named function's schedule every so many seconds, as a cron with a seconds field, and leaves the others alone", () => {
    const local = withLocalSchedules(functions, { sweepStalledOrders: 5 });

    expect(local['sweepStalledOrders']).toEqual({
      handler: 'sweep.main',
      events: [{ schedule: { rate: ['cron(*/5 * * * * * *)'] } }],
    });
    expect(local['relayOutbox']).toEqual(functions.relayOutbox);
    expect(local['getOrder']).toEqual(functions.getOrder);
  });

  it('refuses a function without a schedule, and a period that is no whole number of seconds under a minute', () => {
    expect(() => withLocalSchedules(functions, { getOrder: 5 })).toThrow('names getOrder, which has no schedule event');
    expect(() => withLocalSchedules(functions, { sweepStalledOrders: 0.5 })).toThrow('from 1 to 59, not 0.5');
    expect(() => withLocalSchedules(functions, { sweepStalledOrders: 60 })).toThrow('from 1 to 59, not 60');
  });
});
