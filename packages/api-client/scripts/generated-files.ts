import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse } from 'yaml';

const openApiPath = new URL('../../../resources/openapi.yaml', import.meta.url);
const generatedDir = new URL('../src/generated/', import.meta.url);

const banner = '// Generated from resources/openapi.yaml by `pnpm --filter @ecommerce/api-client generate`. Do not edit.\n';

/** Every file generated from resources/openapi.yaml, by path, with its expected content. */
export const renderGeneratedFiles = async (): Promise<Record<string, string>> => {
  const source = readFileSync(openApiPath, 'utf8');
  const types = astToString(await openapiTS(source, { exportType: true, alphabetize: false }));
  const document = JSON.stringify(parse(source), null, 2);
  return {
    [fileURLToPath(new URL('openapi-types.ts', generatedDir))]: `${banner}${types}`,
    [fileURLToPath(new URL('openapi-document.json', generatedDir))]: `${document}\n`,
  };
};
