import { issuesFrom, type ValidationIssue } from '@ecommerce/json-validation/issues';
import type { ValidateFunction } from 'ajv';
import type { Middleware } from 'openapi-fetch';
import document from './generated/openapi-document.json' with { type: 'json' };
// Compiled from resources/openapi.yaml at build time (scripts/generated-files.ts): no schema is
// compiled at cold start, and a function that validates does not bundle ajv.
import * as validators from './generated/openapi-validators.js';

export type { ValidationIssue };

const schemasPrefix = '#/components/schemas/';

const validatorFor = (ref: string): ValidateFunction => {
  const name = ref.startsWith(schemasPrefix) ? ref.slice(schemasPrefix.length) : undefined;
  const validate = name ? (validators as Record<string, ValidateFunction | undefined>)[name] : undefined;
  if (!validate) throw new Error(`resources/openapi.yaml has no schema ${ref}`);
  return validate;
};

/**
 * Checks a value against one schema of resources/openapi.yaml, given by its validator:
 * `issuesAgainst(schemas.Id, value)` with `import * as schemas from '@ecommerce/api-client/validators'`,
 * so that a function bundles the validators it names and no others.
 * Returns every issue, or none when the value conforms.
 */
export const issuesAgainst = (validate: ValidateFunction, value: unknown): ValidationIssue[] =>
  validate(value) ? [] : issuesFrom(validate.errors);

type Ref = { $ref: string };
interface Operation {
  responses: Record<string, Ref | { content?: Record<string, { schema: Ref }> }>;
}

const responseSchemaRef = (method: string, path: string, status: number): string | ValidationIssue => {
  const operation = (document.paths as Record<string, Record<string, Operation>>)[path]?.[method.toLowerCase()];
  if (!operation) return { path, message: `${method} ${path} is not in resources/openapi.yaml` };
  let response = operation.responses[String(status)];
  if (!response) return { path, message: `${method} ${path} does not describe status ${status}` };
  if ('$ref' in response) {
    const name = response.$ref.split('/').pop()!;
    response = (document.components.responses as Record<string, { content?: Record<string, { schema: Ref }> }>)[name]!;
  }
  const schema = response.content?.['application/json']?.schema;
  if (!schema) return { path, message: `${method} ${path} ${status} describes no JSON body` };
  return schema.$ref;
};

/** Checks a real response against what resources/openapi.yaml says of that operation and status. */
export const responseIssues = (method: string, path: string, status: number, body: unknown): ValidationIssue[] => {
  const ref = responseSchemaRef(method, path, status);
  if (typeof ref !== 'string') return [ref];
  const validate = validatorFor(ref);
  return validate(body) ? [] : issuesFrom(validate.errors);
};

/**
 * An openapi-fetch middleware that fails any call whose response does not conform to
 * resources/openapi.yaml: every test that goes through the client is also a contract test.
 */
export const contractCheck: Middleware = {
  async onResponse({ request, response, schemaPath }) {
    const text = await response.clone().text();
    const body: unknown = text === '' ? undefined : JSON.parse(text);
    const issues = responseIssues(request.method, schemaPath, response.status, body);
    if (issues.length > 0) {
      const list = issues.map((issue) => `  ${issue.path || '/'} ${issue.message}`).join('\n');
      throw new Error(
        `${request.method} ${schemaPath} answered ${response.status}, not as resources/openapi.yaml says:\n${list}`,
      );
    }
    return undefined;
  },
};
