import { HttpError } from '@ecommerce/lambda-kit';
import { logger } from '@ecommerce/observability';
import { IdentityRefusedError, IdentityUnavailableError, type CustomerEmails } from '../../adapters/customer-emails.js';

const sameAddress = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Where the order's mail goes: the address the identity provider holds for the signed-in customer,
 * and only once they have verified it, so that no request can make us e-mail someone else. A body
 * may still name `customerEmail` (clients written before this rule), but only as that address.
 */
export const verifiedEmailOf = async (
  emails: CustomerEmails,
  accessToken: string,
  named: string | undefined,
): Promise<string> => {
  let email;
  try {
    email = await emails.of(accessToken);
  } catch (error) {
    if (error instanceof IdentityRefusedError) {
      throw new HttpError(401, 'unauthorized', 'The identity provider no longer accepts this access token. Sign in again.', [], {
        'www-authenticate': 'Bearer error="invalid_token", error_description="The identity provider refused the access token"',
      });
    }
    if (!(error instanceof IdentityUnavailableError)) throw error;
    logger.error('identity provider unavailable', { cause: error.message });
    throw new HttpError(
      503,
      'identity_provider_unavailable',
      'Your e-mail address cannot be looked up right now. Please try again in a moment.',
    );
  }
  if (!email) {
    throw new HttpError(
      403,
      'email_not_verified',
      'Your account has no e-mail address: add one and verify it, then place the order.',
    );
  }
  if (!email.verified) {
    throw new HttpError(
      403,
      'email_not_verified',
      'The e-mail address of your account is not verified: verify it, then place the order. Nothing is sent to an unverified address.',
    );
  }
  if (named !== undefined && !sameAddress(named, email.address)) {
    throw new HttpError(
      403,
      'email_not_yours',
      "Mail about an order goes to your account's verified e-mail address: leave customerEmail out, or give that address.",
      [{ path: '/customerEmail', message: "is not the signed-in customer's verified e-mail address" }],
    );
  }
  return email.address;
};
