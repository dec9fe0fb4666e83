/** A configuration problem: the function cannot work, and the message says which variables to set. */
export class MissingConfigurationError extends Error {
  override readonly name = 'MissingConfigurationError';
}

/**
 * Reads the named environment variables once, at cold start. Any that are missing or empty fail
 * together, by name, so a misconfigured function never starts half-working.
 */
export const readEnvironment = <const K extends string>(
  names: readonly K[],
  environment: NodeJS.ProcessEnv = process.env,
): Readonly<Record<K, string>> => {
  const missing = names.filter((name) => !environment[name]);
  if (missing.length > 0) {
    throw new MissingConfigurationError(`missing environment variable${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
  }
  return Object.freeze(Object.fromEntries(names.map((name) => [name, environment[name]!]))) as Record<K, string>;
};
