import { Ajv, type ErrorObject, type Options } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';

// ajv-formats is published as CommonJS with `exports.default`; bundlers and Node disagree on
// which of the two the default import is.
const addFormats = ((addFormatsPlugin as { default?: unknown }).default ?? addFormatsPlugin) as typeof addFormatsPlugin.default;

export interface ValidationIssue {
  /** JSON pointer to the offending value ('' for the root), or the name of a parameter. */
  path: string;
  message: string;
}

const formats = ['uuid', 'date-time', 'email'] as const;

/** JSON Schema draft-07, as the event schemas are written. */
export const createAjv = (options: Options = {}): Ajv => {
  const ajv = new Ajv({ allErrors: true, strict: true, ...options });
  addFormats(ajv, [...formats]);
  return ajv;
};

/** JSON Schema 2020-12, the dialect of OpenAPI 3.1. */
export const createAjv2020 = (options: Options = {}): Ajv2020 => {
  const ajv = new Ajv2020({ allErrors: true, strict: true, ...options });
  addFormats(ajv, [...formats]);
  return ajv;
};

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
