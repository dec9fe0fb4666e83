import type { Caller } from '@ecommerce/lambda-kit';

// Who may do what with an order. Operators look after every customer, so they may read any order;
// only its customer may change it, so that nobody acts in a customer's name without them.

export const mayRead = (caller: Caller, order: { customerId: string }): boolean =>
  caller.isOperator || order.customerId === caller.customerId;

export const mayChange = (caller: Caller, order: { customerId: string }): boolean => order.customerId === caller.customerId;

/** Whose orders a caller may list: their own, or anyone's for an operator. */
export const mayList = (caller: Caller, customerId: string): boolean => caller.isOperator || customerId === caller.customerId;
