import { CognitoIdentityProviderClient, GetUserCommand, type AttributeType } from '@aws-sdk/client-cognito-identity-provider';

/** The e-mail address the identity provider holds for a signed-in customer, and whether they proved it is theirs. */
export interface CustomerEmail {
  address: string;
  verified: boolean;
}

export interface CustomerEmails {
  /**
   * The address of the customer whose access token this is; undefined when their account has none.
   * Throws IdentityRefusedError when the provider refuses the token, IdentityUnavailableError when it cannot answer.
   */
  of(accessToken: string): Promise<CustomerEmail | undefined>;
}

/** The identity provider does not know the token (revoked, expired since it was verified, lacking its scope) or its user. */
export class IdentityRefusedError extends Error {
  override readonly name = 'IdentityRefusedError';
}

/** The identity provider could not answer: the order can neither be placed nor refused now. */
export class IdentityUnavailableError extends Error {
  override readonly name = 'IdentityUnavailableError';
}

const refusals = new Set([
  'NotAuthorizedException',
  'UserNotFoundException',
  'PasswordResetRequiredException',
  'UserNotConfirmedException',
]);

/**
 * The user pool's own record of the customer, read with their access token through Cognito's
 * GetUser, which needs no IAM permission: the token authorises it, and it must carry the scope
 * `aws.cognito.signin.user.admin`, as the tokens of InitiateAuth do
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUser.html).
 * Locally the SDK reaches the local cloud's issuer through AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER,
 * which answers GetUser in Cognito's protocol: the same call, another endpoint.
 */
export const createUserPoolEmails = (
  client = new CognitoIdentityProviderClient({
    // An order waits for this answer: two tries of at most 2 s each, then a 503 the client may retry.
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
  }),
): CustomerEmails => ({
  of: async (accessToken) => {
    let attributes: AttributeType[];
    try {
      ({ UserAttributes: attributes = [] } = await client.send(new GetUserCommand({ AccessToken: accessToken })));
    } catch (error) {
      const name = (error as { name?: string }).name ?? '';
      if (refusals.has(name)) throw new IdentityRefusedError(`the user pool refused the token: ${name}`, { cause: error });
      throw new IdentityUnavailableError(`the user pool did not answer: ${(error as Error).message}`, { cause: error });
    }
    const value = (name: string) => attributes.find((attribute) => attribute.Name === name)?.Value;
    const address = value('email');
    // Cognito holds every attribute as a string: email_verified is "true" or "false".
    return address === undefined ? undefined : { address, verified: value('email_verified') === 'true' };
  },
});

/**
 * Keeps each verified answer for `maxAgeMs` per access token, in this execution environment, so that
 * a customer placing several orders with one sign-in costs one call to the user pool. Only verified
 * addresses are cached: a customer who verifies theirs is let through on their next try. What this
 * costs, on purpose: an address changed in the user pool reaches orders placed with an older token
 * up to `maxAgeMs` later (it was verified when read).
 */
export const cachedVerifiedEmails = (
  emails: CustomerEmails,
  { maxAgeMs, maxTokens = 1_000, now = Date.now }: { maxAgeMs: number; maxTokens?: number; now?: () => number },
): CustomerEmails => {
  const cache = new Map<string, { email: CustomerEmail; until: number }>();
  return {
    of: async (accessToken) => {
      const known = cache.get(accessToken);
      if (known && known.until > now()) return known.email;
      cache.delete(accessToken);
      const email = await emails.of(accessToken);
      if (email?.verified) {
        // The oldest goes first: a Map keeps the order of insertion.
        if (cache.size >= maxTokens) cache.delete(cache.keys().next().value!);
        cache.set(accessToken, { email, until: now() + maxAgeMs });
      }
      return email;
    },
  };
};
