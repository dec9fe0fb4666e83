import { describe, expect, it } from 'vitest';
import { nextStep, nobodyHomeCity, type Parcel } from '../../src/rounds.js';

const pace = { stepSeconds: 2, deliveryAttempts: 3 };
const booked: Parcel = { shipmentId: 'shp_1', reference: 'ord-1', trackingNumber: 'LP1GB', city: 'London', status: 'booked' };

/** Every step of a parcel's round, until it ends. */
const round = (parcel: Parcel) => {
  const steps = [];
  for (let step = nextStep(parcel, pace); step; step = step.nextInSeconds === undefined ? undefined : nextStep(step.parcel, pace))
    steps.push(step);
  return steps;
};

describe('the courier', () => {
  it('collects a booked parcel, carries it and delivers it, telling each step', () => {
    const steps = round(booked);

    expect(steps.map(({ webhook }) => webhook?.type)).toEqual(['parcel.collected', 'parcel.in_transit', 'parcel.delivered']);
    expect(steps.at(-1)!.parcel.status).toBe('delivered');
    expect(steps[0]!.webhook!.data).toEqual({ shipmentId: 'shp_1', reference: 'ord-1', trackingNumber: 'LP1GB' });
  });

  it('finds nobody home at each attempt, then gives up and sends the parcel back', () => {
    const steps = round({ ...booked, city: nobodyHomeCity });

    expect(steps.map(({ webhook }) => webhook?.type)).toEqual([
      'parcel.collected',
      'parcel.in_transit',
      undefined,
      undefined,
      'parcel.delivery_failed',
      'parcel.returned',
    ]);
    expect(steps[4]!.webhook!.data).toMatchObject({ attempts: 3 });
    expect(steps.at(-1)!.parcel.status).toBe('returned');
  });

  it('does nothing with a cancelled parcel', () => {
    expect(nextStep({ ...booked, status: 'cancelled' }, pace)).toBeUndefined();
  });
});
