import { describe, expect, it } from 'vitest';
import { isConditionFailure } from '../../src/dynamodb.js';

const cancelled = (...codes: string[]) => ({
  name: 'TransactionCanceledException',
  CancellationReasons: codes.map((Code) => ({ Code })),
});

describe('isConditionFailure', () => {
  it.each([
    ['a failed condition', { name: 'ConditionalCheckFailedException' }, true],
    ['a transaction cancelled by a condition', cancelled('ConditionalCheckFailed', 'None'), true],
    ['a transaction cancelled by throttling', cancelled('None', 'ThrottlingError'), false],
    ['a transaction cancelled by a condition and a conflict', cancelled('ConditionalCheckFailed', 'TransactionConflict'), false],
    ['a transaction cancelled by a conflicting transaction', cancelled('TransactionConflict', 'None'), false],
    ['any other error', new Error('timeout'), false],
  ])('is %s: %s', (_, error, expected) => {
    expect(isConditionFailure(error)).toBe(expected);
  });
});
