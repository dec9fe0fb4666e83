import type { ErrorObject } from 'ajv';

// No runtime import of ajv here: handlers that only report the errors of validators compiled at
// build time (see standalone.ts) must not bundle ajv itself.

export interface ValidationIssue {
  /** JSON pointer to the offending value ('' for the root), or the name of a parameter. */
  path: string;
  message: string;
}

/**
 * Turns ajv's errors into one issue each, phrased for a client: what is wrong and where, never
 * the offending value itself.
 */
export const issuesFrom = (errors: ErrorObject[] | null | undefined): ValidationIssue[] =>
  (errors ?? []).flatMap((error): ValidationIssue[] => {
    switch (error.keyword) {
      case 'additionalProperties':
      case 'unevaluatedProperties': {
        const name = String(error.params.additionalProperty ?? error.params.unevaluatedProperty);
        return [{ path: error.instancePath, message: `must not have property '${name}'` }];
      }
      case 'enum':
        return [{ path: error.instancePath, message: `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}` }];
      case 'const':
        return [{ path: error.instancePath, message: `must be ${String(error.params.allowedValue)}` }];
      // Reported by the branch that failed inside; the combinator itself adds nothing a client can act on.
      case 'allOf':
      case 'anyOf':
      case 'if':
        return [];
      default:
        return [{ path: error.instancePath, message: error.message ?? error.keyword }];
    }
  });
