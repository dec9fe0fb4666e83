import { exampleData } from '@ecommerce/shared-events';
import type { CreateOrderRequest, Product } from '@ecommerce/api-client';

export const kettle: Product = {
  productId: 'prod-stovetop-kettle',
  name: 'Stovetop kettle',
  description: '1.8 l stainless steel kettle',
  unitPrice: 3499,
  currency: 'EUR',
  package: { lengthMm: 240, widthMm: 210, heightMm: 230, weightG: 1150 },
};

export const wok: Product = {
  productId: 'prod-wok',
  name: 'Carbon steel wok 32 cm',
  description: 'Hand-hammered carbon steel wok',
  unitPrice: 4590,
  currency: 'EUR',
  package: { lengthMm: 560, widthMm: 340, heightMm: 120, weightG: 1650 },
};

/** What a customer posts, with the customerId the order is placed for (the token's subject). */
export const orderRequest = (overrides: Partial<CreateOrderRequest> = {}): CreateOrderRequest & { customerId: string } => ({
  customerId: 'cust-42',
  currency: 'EUR',
  items: [
    { productId: kettle.productId, quantity: 2, unitPrice: kettle.unitPrice },
    { productId: wok.productId, quantity: 1, unitPrice: wok.unitPrice },
  ],
  deliveryAddress: structuredClone(exampleData.ORDER_CREATED.deliveryAddress),
  paymentToken: 'pm_card_visa',
  ...overrides,
});

/** The verified address the identity provider holds for the customer of orderRequest(). */
export const customerEmail = 'ada@example.com';

/** What an order is placed with (placeOrder): the request, its customer and their verified address. */
export const placing = (overrides: Partial<CreateOrderRequest> = {}) => ({ ...orderRequest(overrides), customerEmail });
