import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderStandaloneValidators } from '@ecommerce/json-validation/standalone';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse } from 'yaml';

const openApiPath = new URL('../../../resources/openapi.yaml', import.meta.url);
const generatedDir = new URL('../src/generated/', import.meta.url);

const banner = '// Generated from resources/openapi.yaml by `pnpm --filter @ecommerce/api-client generate`. Do not edit.\n';

/** The $id under which the document's schemas are compiled; refs inside it resolve against it. */
const documentId = 'openapi.json';

/** Every file generated from resources/openapi.yaml, by path, with its expected content. */
export const renderGeneratedFiles = async (): Promise<Record<string, string>> => {
  const source = readFileSync(openApiPath, 'utf8');
  const types = astToString(await openapiTS(source, { exportType: true, alphabetize: false }));
  const parsed = parse(source) as { components: { schemas: Record<string, unknown> } };
  const document = JSON.stringify(parsed, null, 2);
  return {
    [fileURLToPath(new URL('openapi-types.ts', generatedDir))]: `${banner}${types}`,
    [fileURLToPath(new URL('openapi-document.json', generatedDir))]: `${document}\n`,
    // One validator per schema of components.schemas, exported under the schema's name.
    ...renderStandaloneValidators({
      module: fileURLToPath(new URL('openapi-validators', generatedDir)),
      dialect: '2020-12',
      // The document carries OpenAPI keywords (x-service, examples, ...) that are not JSON Schema.
      options: { strict: false },
      schemas: [{ $id: documentId, components: { schemas: parsed.components.schemas } }],
      exports: Object.fromEntries(
        Object.keys(parsed.components.schemas).map((name) => [name, `${documentId}#/components/schemas/${name}`]),
      ),
      banner: banner.trimEnd(),
    }),
  };
};
