// @ts-check
/**
 * The local stand-in for the Cognito user pool: an OpenID Connect issuer that signs real RS256
 * JWTs with a key of its own, publishes that key, and hands out tokens shaped as Cognito's, so that
 * the services verify them with the same code and the same checks as on AWS.
 *
 * Ours rather than oauth2-mock-server because the tokens must look like Cognito's (token_use,
 * client_id, cognito:groups, username; keys at /.well-known/jwks.json as Cognito publishes them),
 * which that package would need rewriting on every token for, and its 9.x requires Node 22.
 *
 * The contract clients and tests rely on (keep it):
 *   POST /token, form-encoded grant_type=password&username=<customerId>&password=<anything>
 *   [&groups=operators] [&client_id=<the local client>] [&expires_in=<seconds, for tests>]
 *   [&email=<address>, default <username>@example.com] [&email_verified=false]
 *   -> { access_token, id_token, token_type: "Bearer", expires_in }
 * The token's subject is the username; its groups are in `cognito:groups`. Any password is
 * accepted: there are no accounts locally, only customer ids. Each sign-in sets the user's e-mail
 * address and whether it is verified, as the user pool holds them on AWS, and
 *   POST /, x-amz-target: AWSCognitoIdentityProviderService.GetUser, {"AccessToken": "<token>"}
 * answers them as Cognito's GetUser does (the SDK reaches it through
 * AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER): the same call the services make on AWS.
 */
import { randomUUID } from 'node:crypto';
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import { pathToFileURL, URLSearchParams } from 'node:url';
import { calculateJwkThumbprint, errors, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';

/** The groups the user pool has (platform's serverless.yml); a token can only carry these. */
const knownGroups = ['operators'];
const customerIdPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const defaultLifetimeSeconds = 3600;
const maxBodyBytes = 8 * 1024;
// The format `email` of the event and API schemas (ajv-formats, fast mode), so that every address
// handed out here is one an order may carry.
const emailPattern =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
// What Cognito's InitiateAuth puts in an access token, and what GetUser asks of one.
const userAdminScope = 'aws.cognito.signin.user.admin';

/**
 * @typedef {{ status: number, body: unknown, headers?: Record<string, string> }} Answer
 * @typedef {{ email: string, verified: boolean }} UserEmail
 * @typedef {{ url: string, clientId: string, stop(): Promise<void> }} RunningIssuer
 */

/** @param {string} error @param {string} description @returns {Answer} */
const oauthError = (error, description, status = 400) => ({ status, body: { error, error_description: description } });

/**
 * What a token request asks for, or the OAuth 2 error (RFC 6749, 5.2) that refuses it.
 * @param {URLSearchParams} form
 * @param {string} clientId
 * @returns {{ refusal: Answer } | { refusal?: undefined, username: string, groups: string[], lifetime: number, email: UserEmail }}
 */
const readTokenRequest = (form, clientId) => {
  for (const [name] of form) {
    if (form.getAll(name).length > 1) return { refusal: oauthError('invalid_request', `${name} is given more than once`) };
  }
  const grantType = form.get('grant_type');
  if (grantType === null) return { refusal: oauthError('invalid_request', 'grant_type is required') };
  if (grantType !== 'password') {
    return { refusal: oauthError('unsupported_grant_type', 'only grant_type=password is offered locally') };
  }
  const username = form.get('username') ?? '';
  if (!customerIdPattern.test(username)) {
    return {
      refusal: oauthError(
        'invalid_request',
        'username must be a customer id: 1 to 64 letters, digits, - or _, starting with a letter or digit',
      ),
    };
  }
  if (!form.get('password')) return { refusal: oauthError('invalid_request', 'password is required (any value is accepted)') };
  const client = form.get('client_id');
  if (client !== null && client !== clientId) {
    return { refusal: oauthError('invalid_client', `the only client is ${clientId}`, 401) };
  }
  const groups = (form.get('groups') ?? '').split(/[\s,]+/).filter(Boolean);
  const unknown = groups.filter((group) => !knownGroups.includes(group));
  if (unknown.length > 0) {
    return {
      refusal: oauthError('invalid_request', `no such group: ${unknown.join(', ')} (there is ${knownGroups.join(', ')})`),
    };
  }
  const lifetime = form.get('expires_in');
  if (lifetime !== null && !/^-?[0-9]{1,5}$/.test(lifetime)) {
    return { refusal: oauthError('invalid_request', 'expires_in must be a whole number of seconds') };
  }
  const email = form.get('email') ?? `${username}@example.com`;
  if (email.length > 254 || !emailPattern.test(email)) {
    return { refusal: oauthError('invalid_request', 'email must be an e-mail address of at most 254 characters') };
  }
  const verified = form.get('email_verified') ?? 'true';
  if (verified !== 'true' && verified !== 'false') {
    return { refusal: oauthError('invalid_request', 'email_verified must be true or false') };
  }
  return {
    username,
    groups,
    lifetime: lifetime === null ? defaultLifetimeSeconds : Number(lifetime),
    email: { email, verified: verified === 'true' },
  };
};

/**
 * Starts the issuer on `host:port`. Its key pair is made at start, so tokens of an earlier run
 * are refused, as after a key rotation.
 * @param {{ host: string, port: number, clientId: string }} options
 * @returns {Promise<RunningIssuer>}
 */
export const startTokenIssuer = async ({ host, port, clientId }) => {
  // Known once listening: port 0 (in tests) takes any free port.
  let url = '';
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  const jwks = { keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] };
  const discovery = () => ({
    issuer: url,
    token_endpoint: `${url}/token`,
    jwks_uri: `${url}/.well-known/jwks.json`,
    grant_types_supported: ['password'],
    response_types_supported: ['token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['none'],
    claims_supported: [
      'sub',
      'iss',
      'client_id',
      'token_use',
      'cognito:groups',
      'username',
      'email',
      'email_verified',
      'auth_time',
      'exp',
      'iat',
      'jti',
    ],
  });

  /** @param {Record<string, unknown>} claims @param {number} lifetime */
  const sign = (claims, lifetime) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ ...claims, auth_time: now })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(url)
      .setIssuedAt(now)
      .setExpirationTime(now + lifetime)
      .setJti(randomUUID())
      .sign(privateKey);
  };

  // The user pool's record of each user who signed in: their e-mail as the last sign-in gave it.
  /** @type {Map<string, UserEmail>} */
  const users = new Map();

  /** @param {string} body @param {import('node:http').IncomingHttpHeaders} headers @returns {Promise<Answer>} */
  const token = async (body, headers) => {
    if (!/^application\/x-www-form-urlencoded\b/i.test(headers['content-type'] ?? '')) {
      return oauthError('invalid_request', 'send the form as application/x-www-form-urlencoded');
    }
    const request = readTokenRequest(new URLSearchParams(body), clientId);
    if (request.refusal) return request.refusal;
    const { username, groups, lifetime, email } = request;
    users.set(username, email);
    // Cognito leaves the claim out for a user in no group.
    const groupClaim = groups.length > 0 ? { 'cognito:groups': groups } : {};
    const [accessToken, idToken] = await Promise.all([
      sign({ sub: username, client_id: clientId, token_use: 'access', scope: userAdminScope, username, ...groupClaim }, lifetime),
      sign(
        {
          sub: username,
          aud: clientId,
          token_use: 'id',
          'cognito:username': username,
          email: email.email,
          email_verified: email.verified,
          ...groupClaim,
        },
        lifetime,
      ),
    ]);
    return {
      status: 200,
      body: { access_token: accessToken, id_token: idToken, token_type: 'Bearer', expires_in: lifetime },
      headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
    };
  };

  /**
   * An error of Cognito's JSON protocol, as the SDK reads it (`__type` and the error-type header).
   * @param {string} type @param {string} message @returns {Answer}
   */
  const cognitoError = (type, message) => ({
    status: 400,
    body: { __type: type, message },
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type },
  });

  /**
   * Cognito's GetUser: the attributes of the user whose access token this is, for an unexpired
   * access token this issuer signed. Every such token carries the scope GetUser asks for, and was
   * handed out by a sign-in that recorded its user, so neither needs a check here.
   * @param {string} token @returns {Promise<Answer>}
   */
  const getUser = async (token) => {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, publicKey, { issuer: url, algorithms: ['RS256'], requiredClaims: ['exp', 'sub'] }));
    } catch (error) {
      if (!(error instanceof errors.JOSEError)) throw error;
      return cognitoError(
        'NotAuthorizedException',
        error instanceof errors.JWTExpired ? 'Access Token has expired' : 'Invalid Access Token',
      );
    }
    if (payload['token_use'] !== 'access') return cognitoError('NotAuthorizedException', 'Invalid Access Token');
    const username = /** @type {string} */ (payload.sub);
    const user = /** @type {UserEmail} */ (users.get(username));
    return {
      status: 200,
      body: {
        Username: username,
        UserAttributes: [
          { Name: 'sub', Value: username },
          { Name: 'email', Value: user.email },
          { Name: 'email_verified', Value: String(user.verified) },
        ],
      },
      headers: { 'content-type': 'application/x-amz-json-1.1' },
    };
  };

  /** The Cognito API's one endpoint: the operation is named in x-amz-target. @param {string} body @param {import('node:http').IncomingHttpHeaders} headers @returns {Promise<Answer>} */
  const cognito = async (body, headers) => {
    const operation = headers['x-amz-target'];
    if (operation !== 'AWSCognitoIdentityProviderService.GetUser') {
      return cognitoError('UnknownOperationException', `only GetUser is offered locally, not ${operation ?? 'no operation'}`);
    }
    let request;
    try {
      request = JSON.parse(body);
    } catch {
      return cognitoError('SerializationException', 'the body is not JSON');
    }
    if (typeof request?.AccessToken !== 'string') return cognitoError('InvalidParameterException', 'AccessToken is required');
    return getUser(request.AccessToken);
  };

  /** @type {Record<string, Record<string, (body: string, headers: import('node:http').IncomingHttpHeaders) => Answer | Promise<Answer>>>} */
  const routes = {
    '/': { POST: cognito },
    '/.well-known/openid-configuration': { GET: () => ({ status: 200, body: discovery() }) },
    '/.well-known/jwks.json': { GET: () => ({ status: 200, body: jwks }) },
    '/token': { POST: token },
  };

  const server = createServer((req, res) => {
    const chunks = /** @type {Buffer[]} */ ([]);
    let size = 0;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    req.on('end', async () => {
      const path = new URL(req.url ?? '/', 'http://issuer').pathname;
      const route = routes[path];
      const handle = route?.[req.method ?? ''];
      /** @type {Answer} */
      let answer;
      try {
        answer = !route
          ? { status: 404, body: { error: 'not_found', error_description: `no ${path} here` } }
          : !handle
            ? {
                status: 405,
                body: { error: 'method_not_allowed', error_description: `${path} answers ${Object.keys(route).join(', ')}` },
              }
            : size > maxBodyBytes
              ? oauthError('invalid_request', `the form is over ${maxBodyBytes} bytes`)
              : await handle(Buffer.concat(chunks).toString('utf8'), req.headers);
      } catch (error) {
        console.error(error);
        answer = { status: 500, body: { error: 'server_error', error_description: 'the issuer failed; see its log' } };
      }
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  url = `http://${host}:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
  return {
    url,
    clientId,
    stop: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
};

// Run as a process of the local cloud: node token-issuer.mjs <host> <port> <client id>
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [host = '127.0.0.1', port = '3020', clientId = 'order-pipeline-local'] = process.argv.slice(2);
  const issuer = await startTokenIssuer({ host, port: Number(port), clientId });
  console.log(`OpenID Connect issuer ${issuer.url}, client ${issuer.clientId}`);
  const stop = () => void issuer.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop).once('SIGINT', stop);
}
