import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/domain/cursor.js';

describe('page cursors', () => {
  it('give back the key they were made from', () => {
    expect(decodeCursor(encodeCursor({ productId: 'prod-wok' }))).toEqual({ productId: 'prod-wok' });
  });

  it.each([
    ['not base64 JSON', '%%%'],
    ['JSON that is not a key', Buffer.from('[1,2]').toString('base64url')],
    ['a key with other attributes', Buffer.from('{"productId":"p","admin":true}').toString('base64url')],
    ['a key with a malformed id', Buffer.from('{"productId":"../etc"}').toString('base64url')],
  ])('refuse %s', (_, cursor) => {
    expect(decodeCursor(cursor)).toBeUndefined();
  });
});
