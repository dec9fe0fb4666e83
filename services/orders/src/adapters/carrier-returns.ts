/** The label the carrier gives a return: what the customer sticks on the parcel. */
interface ReturnLabel {
  carrier: string;
  trackingNumber: string;
}

export interface CarrierReturns {
  /** Books the pick-up of a return of the order's parcel, once per return id (asking again answers the same label). */
  book(request: { reference: string; returnId: string }): Promise<ReturnLabel>;
}

/**
 * The carrier's returns API (`POST /v1/returns`), asked while the customer waits for the label: the
 * one call orders makes to the carrier, whose bookings are otherwise shipment's.
 */
export const createCarrierReturns = ({
  baseUrl,
  fetch: send = fetch,
}: {
  baseUrl: string;
  fetch?: typeof fetch;
}): CarrierReturns => ({
  book: async ({ reference, returnId }) => {
    const response = await send(new URL('/v1/returns', baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reference, returnId }),
      signal: AbortSignal.timeout(5_000),
    });
    if (response.status !== 201)
      throw new Error(`the carrier did not book the return (${response.status}): ${await response.text()}`);
    const { carrier, trackingNumber } = (await response.json()) as ReturnLabel;
    return { carrier, trackingNumber };
  },
});
