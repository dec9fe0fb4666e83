import { describe, expect, it } from 'vitest';
import { createAjv, issuesFrom } from '../../src/index.js';

const issuesOf = (schema: object, value: unknown) => {
  const validate = createAjv().compile(schema);
  validate(value);
  return issuesFrom(validate.errors);
};

const order = {
  type: 'object',
  additionalProperties: false,
  required: ['status', 'quantity'],
  properties: {
    status: { type: 'string', enum: ['OPEN', 'CLOSED'] },
    quantity: { type: 'integer', minimum: 1 },
    email: { type: 'string', format: 'email' },
  },
};

describe('issuesFrom', () => {
  it('names every problem at once, each with its JSON pointer', () => {
    expect(issuesOf(order, { quantity: 0, email: 'nope', colour: 'red' })).toEqual([
      { path: '', message: "must have required property 'status'" },
      { path: '', message: "must not have property 'colour'" },
      { path: '/quantity', message: 'must be >= 1' },
      { path: '/email', message: 'must match format "email"' },
    ]);
  });

  it('lists the allowed values of an enum', () => {
    expect(issuesOf(order, { status: 'LOST', quantity: 1 })).toEqual([
      { path: '/status', message: 'must be one of OPEN, CLOSED' },
    ]);
  });

  it('never repeats the rejected value', () => {
    const issues = issuesOf(order, { status: 'secret-value', quantity: 1 });

    expect(JSON.stringify(issues)).not.toContain('secret-value');
  });

  it('reports a __proto__ key sent as JSON like any other unknown property', () => {
    expect(issuesOf(order, JSON.parse('{"status":"OPEN","quantity":1,"__proto__":{"admin":true}}'))).toEqual([
      { path: '', message: "must not have property '__proto__'" },
    ]);
  });
});
