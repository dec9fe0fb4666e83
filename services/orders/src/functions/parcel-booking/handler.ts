import { httpHandler, readEnvironment } from '@ecommerce/lambda-kit';
import { createOrderRepository } from '../../adapters/order-repository.js';
import { lockForParcelBooking, releaseParcelBooking, type ParcelBookingDependencies } from './parcel-booking.js';

/** One function for shipment's lock on an order (POST) and its release (DELETE): the same record, the same permissions. */
export const createHandler = (dependencies: ParcelBookingDependencies) =>
  httpHandler((request) =>
    request.httpMethod === 'DELETE' ? releaseParcelBooking(dependencies, request) : lockForParcelBooking(dependencies, request),
  );

const { ORDERS_TABLE } = readEnvironment(['ORDERS_TABLE']);

export const main = createHandler({ orders: createOrderRepository({ tableName: ORDERS_TABLE }) });
