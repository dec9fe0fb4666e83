import { describe, expect, it } from 'vitest';
import { callTotals, withoutScheduledQueries } from '../../src/calls.js';

describe('callTotals', () => {
  it('counts the stream polls and the scheduled Queries apart, leaves the local stand-ins out, and counts every API request as an invocation', () => {
    // Prepare: one order's calls as the meters label them.
    const byService = {
      orders: {
        'api POST /orders': 1,
        'invoke orders-local-trackOrder': 3,
        'dynamodb GetItem': 3,
        'dynamodb Query': 2,
        'dynamodb GetRecords': 4.5,
        'dynamodb DescribeStream': 0.5,
        sns: 1,
      },
      email: { 'invoke email-local-sendEmail': 4, 'dynamodb UpdateItem': 8, ses: 4 },
      'event-journal': { 'invoke event-journal-local-recordEvent': 4, 'dynamodb PutItem': 4 },
    };

    // Act
    const totals = callTotals({ byService }, new Set(['orders', 'email']));

    // Assert
    expect(totals).toEqual({
      dynamodb: 18,
      streamPolls: 5,
      dynamodbWithoutStreamPolls: 13,
      scheduledQueries: 2,
      dynamodbOnTheOrdersPath: 11,
      lambdaInvocations: 8,
      apiRequests: 1,
      byService: { orders: { dynamodb: 5, lambdaInvocations: 4 }, email: { dynamodb: 8, lambdaInvocations: 4 } },
    });
  });
});

describe('withoutScheduledQueries', () => {
  it("leaves out only the scheduled functions' Queries, which come with time and not with orders", () => {
    // Prepare
    const calls = {
      orders: 100,
      byService: { orders: { 'dynamodb Query': 14.5, 'dynamodb GetItem': 5, 'api POST /orders': 1 } },
      busyMsByService: { orders: { 'api POST /orders': 9 } },
    };

    // Act
    const perOrder = withoutScheduledQueries(calls);

    // Assert
    expect(perOrder).toEqual({ ...calls, byService: { orders: { 'dynamodb GetItem': 5, 'api POST /orders': 1 } } });
  });
});
