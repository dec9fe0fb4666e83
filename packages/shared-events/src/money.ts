import type { Money } from './types.js';

/** Money as a customer reads it, `€44.88`: the minor units are shifted by the currency's own digits. */
export const formatMoney = ({ amount, currency }: Money, locale = 'en-IE'): string => {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
};
