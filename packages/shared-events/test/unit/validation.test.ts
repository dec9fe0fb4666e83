import { describe, expect, it } from 'vitest';
import { eventCatalog, EventValidationError, eventTypes, parseEvent, type EventType } from '../../src/index.js';
import { earlierExampleData, exampleData, exampleEvent } from '../../src/examples.js';
import * as eventValidators from '../../src/generated/event-validators.js';

const issuesOf = (candidate: unknown) => {
  try {
    parseEvent(candidate, eventValidators);
  } catch (error) {
    if (error instanceof EventValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected the event to be rejected');
};

const without = (record: object, key: string) => Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));

describe.each(eventTypes)('%s', (type: EventType) => {
  it('accepts a valid event and returns it typed', () => {
    const event = exampleEvent(type);

    expect(parseEvent(structuredClone(event), eventValidators)).toEqual(event);
  });

  it.each(['id', 'type', 'version', 'source', 'time', 'orderId', 'data'])('rejects an event without %s', (field) => {
    expect(issuesOf(without(exampleEvent(type), field))).toContainEqual({
      path: '',
      message: `must have required property '${field}'`,
    });
  });

  it('rejects an id that is not a UUID', () => {
    expect(issuesOf(exampleEvent(type, { id: 'not-a-uuid' }))).toContainEqual({
      path: '/id',
      message: 'must match format "uuid"',
    });
  });

  it('rejects a time that is not ISO-8601', () => {
    expect(issuesOf(exampleEvent(type, { time: 'yesterday' }))).toContainEqual({
      path: '/time',
      message: 'must match format "date-time"',
    });
  });

  it('rejects an unknown envelope field', () => {
    expect(issuesOf(exampleEvent(type, { extra: true }))).toContainEqual({ path: '', message: "must not have property 'extra'" });
  });

  it('rejects an unknown payload field', () => {
    const event = exampleEvent(type, { data: { ...exampleData[type], extra: 1 } });

    expect(issuesOf(event)).toContainEqual({ path: '/data', message: "must not have property 'extra'" });
  });

  it('rejects a payload that misses a required field', () => {
    const [firstRequired] = eventCatalog[type].data.required;
    const event = exampleEvent(type, { data: without(exampleData[type], firstRequired) });

    expect(issuesOf(event)).toContainEqual({ path: '/data', message: `must have required property '${firstRequired}'` });
  });

  it('rejects an event that claims another source', () => {
    expect(issuesOf(exampleEvent(type, { source: 'somebody-else' }))).toContainEqual(
      expect.objectContaining({ path: '/source' }),
    );
  });

  it('rejects an unknown version of the type', () => {
    expect(issuesOf(exampleEvent(type, { version: 99 }))).toContainEqual(expect.objectContaining({ path: '/version' }));
  });
});

describe('ORDER_MODIFIED, whose version 1 is still accepted beside version 2', () => {
  const v1 = () => exampleEvent('ORDER_MODIFIED', { version: 1, data: earlierExampleData.ORDER_MODIFIED[1] });

  it('accepts version 1 with its own payload', () => {
    expect(parseEvent(structuredClone(v1()), eventValidators)).toEqual(v1());
  });

  it('judges a version 1 event by the version 1 schema', () => {
    expect(issuesOf({ ...v1(), data: exampleData.ORDER_MODIFIED })).toContainEqual({
      path: '/data',
      message: "must have required property 'changes'",
    });
  });

  it('judges a version 2 event by the version 2 schema', () => {
    expect(issuesOf(exampleEvent('ORDER_MODIFIED', { data: earlierExampleData.ORDER_MODIFIED[1] }))).toContainEqual({
      path: '/data',
      message: "must have required property 'old'",
    });
  });

  it('refuses a change that names a path an order does not have', () => {
    const data = { ...exampleData.ORDER_MODIFIED, changed: ['paymentToken'] };

    expect(issuesOf(exampleEvent('ORDER_MODIFIED', { data }))).toContainEqual(
      expect.objectContaining({ path: '/data/changed/0' }),
    );
  });
});

describe('parseEvent', () => {
  it('rejects an unknown event type naming the known ones', () => {
    const [issue] = issuesOf(exampleEvent('ORDER_CREATED', { type: 'ORDER_TELEPORTED' }));

    expect(issue).toEqual({ path: '/type', message: expect.stringContaining('ORDER_CREATED, ORDER_MODIFIED') });
  });

  it.each([null, 'ORDER_CREATED', 42, []])('rejects %j, which is not an object', (candidate) => {
    expect(() => parseEvent(candidate, eventValidators)).toThrow(EventValidationError);
  });

  it('rejects money as a float', () => {
    const data = { ...exampleData.PAYMENT_CONFIRMED, amount: { amount: 44.97, currency: 'EUR' } };

    expect(issuesOf(exampleEvent('PAYMENT_CONFIRMED', { data }))).toContainEqual({
      path: '/data/amount/amount',
      message: 'must be integer',
    });
  });

  it('says what is wrong without echoing the payload', () => {
    const event = exampleEvent('ORDER_CREATED', { data: { ...exampleData.ORDER_CREATED, customerEmail: 'secret-but-invalid' } });

    expect(() => parseEvent(event, eventValidators)).toThrow(
      /invalid ORDER_CREATED event: \/data\/customerEmail must match format "email"/,
    );
    expect(() => parseEvent(event, eventValidators)).not.toThrow(/secret-but-invalid/);
  });
});
