import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/index.js';

/** A fetch that records each request's Authorization header and answers an empty page. */
const recordingFetch = () => {
  const seen: Array<string | null> = [];
  const fetch = async (request: Request) => {
    seen.push(request.headers.get('authorization'));
    return new Response('{"items":[]}', { headers: { 'content-type': 'application/json' } });
  };
  return { seen, fetch };
};

describe('createApiClient', () => {
  it('sends the token it was given as a bearer token', async () => {
    const { seen, fetch } = recordingFetch();
    const client = createApiClient({ baseUrl: 'http://api.test', token: 'abc.def.ghi', fetch });

    await client.GET('/orders');

    expect(seen).toEqual(['Bearer abc.def.ghi']);
  });

  it('asks for the current token before each request', async () => {
    const { seen, fetch } = recordingFetch();
    let issued = 0;
    const client = createApiClient({ baseUrl: 'http://api.test', token: async () => `token-${++issued}`, fetch });

    await client.GET('/orders');
    await client.GET('/orders');

    expect(seen).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('sends no Authorization header without a token', async () => {
    const { seen, fetch } = recordingFetch();

    await createApiClient({ baseUrl: 'http://api.test', fetch }).GET('/products');

    expect(seen).toEqual([null]);
  });
});
