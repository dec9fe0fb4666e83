import { defaultProvider } from '@aws-sdk/credential-provider-node';
// The SDK clients' own hash (Node's crypto), already in every bundle: no second, pure-JavaScript one.
import { Sha256 } from '@smithy/core/checksum';
import type { AwsCredentialIdentity, Provider } from '@smithy/types';
import { SignatureV4 } from '@smithy/signature-v4';

export interface SignedFetchOptions {
  region: string;
  /** The function's own credentials by default: its IAM role on AWS, the environment locally. */
  credentials?: AwsCredentialIdentity | Provider<AwsCredentialIdentity>;
  fetch?: typeof fetch;
}

/**
 * A fetch that signs every request with SigV4 for API Gateway (`execute-api`), so that internal
 * routes behind `authorizer: aws_iam` accept it. Locally serverless-offline does not check the
 * signature, but the same code signs the same way.
 */
export const createSignedFetch = ({ region, credentials = defaultProvider(), fetch: send = fetch }: SignedFetchOptions) => {
  const signer = new SignatureV4({ service: 'execute-api', region, credentials, sha256: Sha256 });
  return async (input: Request): Promise<Response> => {
    const url = new URL(input.url);
    const body = input.body === null ? undefined : await input.text();
    const headers: Record<string, string> = { host: url.host };
    input.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const signed = await signer.sign({
      method: input.method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
    });
    return send(url, { method: input.method, headers: signed.headers, body, signal: input.signal });
  };
};
