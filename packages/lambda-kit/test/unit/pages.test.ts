import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../src/http-error.js';
import { decodeCursor, encodeCursor, pageRequest } from '../../src/pages.js';

const productKey = { productId: /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/ };

describe('page cursors', () => {
  it('give back the key they were made from', () => {
    expect(decodeCursor(encodeCursor({ productId: 'prod-wok' }), productKey)).toEqual({ productId: 'prod-wok' });
  });

  it.each([
    ['not base64 JSON', '%%%'],
    ['JSON that is not a key', Buffer.from('[1,2]').toString('base64url')],
    ['null', Buffer.from('null').toString('base64url')],
    ['a key with other attributes', Buffer.from('{"productId":"p","admin":true}').toString('base64url')],
    ['a key without its attribute', Buffer.from('{"other":"p"}').toString('base64url')],
    ['a key whose value is not a string', Buffer.from('{"productId":7}').toString('base64url')],
    ['a key with a malformed id', Buffer.from('{"productId":"../etc"}').toString('base64url')],
  ])('refuse %s', (_, cursor) => {
    expect(decodeCursor(cursor, productKey)).toBeUndefined();
  });
});

describe('pageRequest', () => {
  const query = (queryStringParameters: Record<string, string> | null) =>
    ({ queryStringParameters }) as unknown as Pick<APIGatewayProxyEvent, 'queryStringParameters'>;
  const refusal = (parameters: Record<string, string>) => {
    try {
      pageRequest(query(parameters), productKey);
    } catch (error) {
      return (error as HttpError).details;
    }
    throw new Error('expected a 400');
  };

  it('takes the default limit and no cursor from an empty query', () => {
    expect(pageRequest(query(null), productKey)).toEqual({ limit: 20 });
  });

  it('takes a limit and the key of a cursor', () => {
    const cursor = encodeCursor({ productId: 'prod-wok' });

    expect(pageRequest(query({ limit: '5', cursor }), productKey)).toEqual({ limit: 5, after: { productId: 'prod-wok' } });
  });

  it.each(['0', '101', ' 5', '1e1', '0x10', '-1', 'ten'])('refuses the limit %j', (limit) => {
    expect(refusal({ limit })).toEqual([{ path: 'limit', message: 'must be an integer from 1 to 100' }]);
  });

  it('names both a bad limit and a forged cursor', () => {
    expect(refusal({ limit: '0', cursor: 'forged' })).toEqual([
      { path: 'limit', message: 'must be an integer from 1 to 100' },
      { path: 'cursor', message: 'is not a cursor this API gave out' },
    ]);
  });
});
