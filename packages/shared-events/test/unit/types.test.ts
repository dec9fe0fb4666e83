import type { FromSchema } from 'json-schema-to-ts';
import { describe, expectTypeOf, it } from 'vitest';
import type { earlierVersions, eventCatalog, EventData, EventFrom, EventType, OrderEvent } from '../../src/index.js';
import type { EventDataByType } from '../../src/types.js';

type Catalog = typeof eventCatalog;

// These assertions are checked by the compiler (pnpm typecheck); at run time they are no-ops.
describe('derived types', () => {
  it('derive each payload type from the schema the catalog names', () => {
    expectTypeOf<keyof EventDataByType>().toEqualTypeOf<EventType>();
    expectTypeOf<EventData<'ORDER_CREATED'>>().toEqualTypeOf<FromSchema<Catalog['ORDER_CREATED']['data']>>();
    expectTypeOf<EventData<'ORDER_MODIFIED'>>().toEqualTypeOf<FromSchema<Catalog['ORDER_MODIFIED']['data']>>();
    expectTypeOf<EventData<'ORDER_CANCELLED'>>().toEqualTypeOf<FromSchema<Catalog['ORDER_CANCELLED']['data']>>();
    expectTypeOf<EventData<'INVOICE_CREATED'>>().toEqualTypeOf<FromSchema<Catalog['INVOICE_CREATED']['data']>>();
    expectTypeOf<EventData<'PAYMENT_CONFIRMED'>>().toEqualTypeOf<FromSchema<Catalog['PAYMENT_CONFIRMED']['data']>>();
    expectTypeOf<EventData<'PAYMENT_ACTION_REQUIRED'>>().toEqualTypeOf<FromSchema<Catalog['PAYMENT_ACTION_REQUIRED']['data']>>();
    expectTypeOf<EventData<'PAYMENT_FAILED'>>().toEqualTypeOf<FromSchema<Catalog['PAYMENT_FAILED']['data']>>();
    expectTypeOf<EventData<'PAYMENT_REFUNDED'>>().toEqualTypeOf<FromSchema<Catalog['PAYMENT_REFUNDED']['data']>>();
    expectTypeOf<EventData<'SHIPPED'>>().toEqualTypeOf<FromSchema<Catalog['SHIPPED']['data']>>();
    expectTypeOf<EventData<'SHIPMENT_ERROR'>>().toEqualTypeOf<FromSchema<Catalog['SHIPMENT_ERROR']['data']>>();
  });

  it('make a consumer of a versioned type narrow on the version before it reads the payload', () => {
    expectTypeOf<OrderEvent<'ORDER_MODIFIED'>['version']>().toEqualTypeOf<1 | 2>();
    expectTypeOf<Extract<OrderEvent<'ORDER_MODIFIED'>, { version: 2 }>['data']>().toEqualTypeOf<EventData<'ORDER_MODIFIED'>>();
    expectTypeOf<Extract<OrderEvent<'ORDER_MODIFIED'>, { version: 1 }>['data']>().toEqualTypeOf<
      FromSchema<(typeof earlierVersions)['ORDER_MODIFIED'][1]['data']>
    >();
  });

  it('narrow an event by its type', () => {
    expectTypeOf<OrderEvent<'SHIPPED'>['data']['trackingNumber']>().toEqualTypeOf<string>();
    expectTypeOf<OrderEvent<'SHIPPED'>['source']>().toEqualTypeOf<'shipment'>();
    expectTypeOf<OrderEvent['type']>().toEqualTypeOf<EventType>();
  });

  it('limit a service to the events it owns', () => {
    expectTypeOf<EventFrom<'billing'>['type']>().toEqualTypeOf<
      'PAYMENT_CONFIRMED' | 'PAYMENT_ACTION_REQUIRED' | 'PAYMENT_FAILED' | 'PAYMENT_REFUNDED'
    >();
  });
});
