import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/index.js';

describe('formatMoney', () => {
  it.each([
    [{ amount: 4488, currency: 'EUR' }, '€44.88'],
    [{ amount: 0, currency: 'EUR' }, '€0.00'],
    [{ amount: 123456789, currency: 'EUR' }, '€1,234,567.89'],
    [{ amount: 1500, currency: 'JPY' }, 'JP¥1,500'],
  ])('shows %j as %s', (money, text) => {
    expect(formatMoney(money)).toBe(text);
  });
});
