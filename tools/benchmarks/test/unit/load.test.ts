import { describe, expect, it } from 'vitest';
import { arrivalPlan } from '../../src/load.js';

describe('arrivalPlan', () => {
  it('leaves a bunched load to one autocannon instance, as given', () => {
    // Act
    const plan = arrivalPlan({ connections: 5, overallRate: 5, duration: 60 });

    // Assert
    expect(plan).toEqual([{ connections: 5, overallRate: 5, duration: 60, startAfterMs: 0 }]);
  });

  it('spreads a paced rate evenly: one connection per request a second, each starting 1/rate s after the last', () => {
    // Act
    const plan = arrivalPlan({ connections: 5, overallRate: 5, duration: 60, arrivals: 'paced' });

    // Assert
    expect(plan).toEqual(
      [0, 200, 400, 600, 800].map((startAfterMs) => ({ connections: 1, overallRate: 1, duration: 60, startAfterMs })),
    );
  });

  it.each([
    ['no rate', { connections: 5, duration: 60 }],
    ['a rate that is not whole', { connections: 5, overallRate: 2.5, duration: 60 }],
    ['other than one connection per request a second', { connections: 10, overallRate: 5, duration: 60 }],
    ['an amount instead of a duration', { connections: 5, overallRate: 5, amount: 300 }],
  ])('refuses a paced load with %s', (_, shape) => {
    // Act / Assert
    expect(() => arrivalPlan({ ...shape, arrivals: 'paced' })).toThrow(/paced arrivals need/);
  });
});
