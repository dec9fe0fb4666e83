import type { Caller } from '@ecommerce/lambda-kit';

// Who may change an order: only its customer, so that nobody acts in a customer's name without
// them. Who may see one is lambda-kit's maySee: its customer, or an operator.

export const mayChange = (caller: Caller, order: { customerId: string }): boolean => order.customerId === caller.customerId;
