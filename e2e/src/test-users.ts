import { randomBytes, randomUUID } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';

type Cognito = Pick<CognitoIdentityProviderClient, 'send'>;

export interface TestUser {
  username: string;
  password: string;
  /** The user's `sub`: their customer id in every service. */
  customerId: string;
  /** The verified address orders mails them at (only a verified one is accepted at order time). */
  email: string;
}

/**
 * A verified address for a test user that mail can go to from any account: SES's mailbox simulator
 * accepts mail even in the SES sandbox, and counts against no sending quota; a label keeps each
 * user's apart. https://docs.aws.amazon.com/ses/latest/dg/send-an-email-from-console.html#send-email-simulator
 */
const simulatorAddress = (username: string) => `success+${username}@simulator.amazonses.com`;

/**
 * A password the pool's policy accepts (services/platform: 12 characters or more, upper and
 * lower case, a digit), random for each user: the users live for one run.
 */
const newPassword = () => `E2e-${randomBytes(12).toString('base64url')}-a1`;

/**
 * Creates a user in the stage's pool as an administrator does (docs/deploying.md): a verified
 * e-mail, no invitation mail (MessageAction SUPPRESS), a permanent password so that the password
 * grant signs them in at once, and the groups asked for.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminCreateUser.html
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminSetUserPassword.html
 */
export const createTestUser = async (
  cognito: Cognito,
  { userPoolId, usernamePrefix, groups = [] }: { userPoolId: string; usernamePrefix: string; groups?: string[] },
): Promise<TestUser> => {
  const username = `${usernamePrefix}${randomUUID()}`;
  const password = newPassword();
  const email = simulatorAddress(username);
  const { User } = await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ],
    }),
  );
  await cognito.send(
    new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: username, Password: password, Permanent: true }),
  );
  for (const group of groups) {
    await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: group }));
  }
  const customerId = User?.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value;
  if (!customerId) throw new Error(`the user pool answered AdminCreateUser for ${username} without a sub`);
  return { username, password, customerId, email };
};

/**
 * An access token by the password grant the README shows for Cognito (USER_PASSWORD_AUTH, which
 * platform's app client allows, and no client secret).
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
 */
export const signInWithPassword = async (
  cognito: Cognito,
  { clientId, username, password }: { clientId: string; username: string; password: string },
): Promise<string> => {
  const { AuthenticationResult, ChallengeName } = await cognito.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
  if (!AuthenticationResult?.AccessToken)
    throw new Error(`Cognito did not sign ${username} in (challenge: ${ChallengeName ?? 'none'})`);
  return AuthenticationResult.AccessToken;
};

/**
 * Removes every user whose username starts with `usernamePrefix`: those the run created itself
 * and those its test workers created, even when a worker died before it could say so. ListUsers
 * filters by prefix (`^=`) and answers 60 users a page at most.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUsers.html
 */
export const removeTestUsers = async (
  cognito: Cognito,
  { userPoolId, usernamePrefix }: { userPoolId: string; usernamePrefix: string },
) => {
  const usernames: string[] = [];
  let token: string | undefined;
  do {
    const page = await cognito.send(
      new ListUsersCommand({
        UserPoolId: userPoolId,
        Filter: `username ^= "${usernamePrefix}"`,
        Limit: 60,
        PaginationToken: token,
      }),
    );
    usernames.push(...(page.Users ?? []).flatMap((user) => (user.Username ? [user.Username] : [])));
    token = page.PaginationToken;
  } while (token);
  for (const username of usernames) {
    await cognito.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: username }));
  }
  return usernames;
};
