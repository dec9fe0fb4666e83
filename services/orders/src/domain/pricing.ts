/** Delivery costs 4.90 below 50.00 of goods and nothing from 50.00, in any currency's minor units. */
const freeDeliveryFrom = 5000;
const deliveryFee = 490;

export const deliveryFor = (subtotal: number): number => (subtotal >= freeDeliveryFrom ? 0 : deliveryFee);
