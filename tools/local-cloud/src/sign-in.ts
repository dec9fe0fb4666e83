import { localCloud } from './endpoints.js';

export interface SignInOptions {
  /** Groups of the user pool the token carries, such as `operators`. */
  groups?: string[];
  /** The token's lifetime in seconds; zero or less gives a token that has already expired. */
  expiresIn?: number;
  /** The user's e-mail address, where the mail about their orders goes; `<customerId>@example.com` by default. */
  email?: string;
  /** Whether that address is verified (true by default); mail goes only to a verified one. */
  emailVerified?: boolean;
}

/**
 * An access token for `customerId` from the local cloud's OpenID issuer, got as any client gets one
 * (the password grant of token-issuer.mjs); on AWS it comes from Cognito (see docs/deploying.md).
 */
export const signIn = async (
  customerId: string,
  { groups = [], expiresIn, email, emailVerified }: SignInOptions = {},
): Promise<string> => {
  const form = new URLSearchParams({ grant_type: 'password', username: customerId, password: 'local' });
  if (groups.length > 0) form.set('groups', groups.join(' '));
  if (expiresIn !== undefined) form.set('expires_in', String(expiresIn));
  if (email !== undefined) form.set('email', email);
  if (emailVerified !== undefined) form.set('email_verified', String(emailVerified));
  const response = await fetch(`${localCloud.issuer.url}/token`, { method: 'POST', body: form });
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (!response.ok || !body.access_token) {
    throw new Error(`the local issuer refused to sign in ${customerId}: ${body.error_description ?? response.status}`);
  }
  return body.access_token;
};
