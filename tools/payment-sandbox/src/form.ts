/**
 * Stripe's requests are form-encoded with bracketed keys, `metadata[orderId]=...`; one level of
 * nesting is all the endpoints here receive.
 */
export type FormValue = string | Record<string, string>;

export const parseForm = (body: string): Record<string, FormValue> => {
  const result: Record<string, FormValue> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const nested = /^([a-z_]+)\[([A-Za-z0-9_]+)\]$/.exec(key);
    if (nested) {
      const [, parent, child] = nested as unknown as [string, string, string];
      const bag = (typeof result[parent] === 'object' ? result[parent] : {}) as Record<string, string>;
      bag[child] = value;
      result[parent] = bag;
    } else {
      result[key] = value;
    }
  }
  return result;
};
