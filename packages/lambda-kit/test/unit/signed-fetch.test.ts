import { describe, expect, it } from 'vitest';
import { createSignedFetch } from '../../src/signed-fetch.js';

describe('createSignedFetch', () => {
  it('signs the request for execute-api with the given credentials and sends its body unchanged', async () => {
    const sent: Array<{ url: string; init: RequestInit }> = [];
    const signedFetch = createSignedFetch({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      fetch: async (url, init) => {
        sent.push({ url: String(url), init: init! });
        return new Response('{}');
      },
    });

    await signedFetch(
      new Request('https://abc.execute-api.eu-west-1.amazonaws.com/dev/internal/products/lookup', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"productIds":["p1"]}',
      }),
    );

    const [{ url, init }] = sent as [(typeof sent)[0]];
    const headers = init.headers as Record<string, string>;
    expect(url).toBe('https://abc.execute-api.eu-west-1.amazonaws.com/dev/internal/products/lookup');
    expect(init.body).toBe('{"productIds":["p1"]}');
    expect(headers['authorization']).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
  });
});
