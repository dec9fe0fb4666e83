import type { Money } from './types.js';

// Building an Intl.NumberFormat costs far more than using one (it was the hottest line of trackOrder
// under load): one per locale and currency, kept for the life of the process.
const formats = new Map<string, { format: Intl.NumberFormat; digits: number }>();
const formatFor = (locale: string, currency: string) => {
  const key = `${locale}|${currency}`;
  let entry = formats.get(key);
  if (!entry) {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    entry = { format, digits: format.resolvedOptions().maximumFractionDigits ?? 2 };
    formats.set(key, entry);
  }
  return entry;
};

/** Money as a customer reads it, `€44.88`: the minor units are shifted by the currency's own digits. */
export const formatMoney = ({ amount, currency }: Money, locale = 'en-IE'): string => {
  const { format, digits } = formatFor(locale, currency);
  return format.format(amount / 10 ** digits);
};
