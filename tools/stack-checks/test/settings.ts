import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageFolder, type PackagedService, type Template } from './templates.js';

const toolsDir = fileURLToPath(new URL('../../../tools/', import.meta.url));

/**
 * The tools that deploy as services of their own (a serverless.yml at their top: the sandboxes, the
 * event journal), packaged for a stage two at a time, as the machine may have two cores.
 */
export const packageDeployableTools = async (stage: string): Promise<PackagedService[]> => {
  const names = readdirSync(toolsDir).filter((name) => existsSync(join(toolsDir, name, 'serverless.yml')));
  const packaged: PackagedService[] = [];
  for (let i = 0; i < names.length; i += 2) {
    packaged.push(...(await Promise.all(names.slice(i, i + 2).map((name) => packageFolder(join(toolsDir, name), stage)))));
  }
  return packaged;
};

/**
 * Every dynamic reference (`{{resolve:…}}`) in a packaged template, once per place it stands, as
 * CloudFormation counts them against its 60 a template
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html).
 */
export const dynamicReferencesIn = (text: string): string[] => text.match(/\{\{resolve:[^}]*\}\}/g) ?? [];

export interface TemplateParameter {
  Type: string;
  Default?: unknown;
}

export const parametersOf = (template: Template): Record<string, TemplateParameter> =>
  (template as Template & { Parameters?: Record<string, TemplateParameter> }).Parameters ?? {};

/** Every `Ref` in a value, by the name it refers to. */
export const refsIn = (value: unknown): string[] => {
  if (typeof value !== 'object' || value === null) return [];
  const ref = (value as Record<string, unknown>)['Ref'];
  return [...(typeof ref === 'string' ? [ref] : []), ...Object.values(value).flatMap(refsIn)];
};

/** Each Lambda function of a template with the environment its template gives it. */
export const functionEnvironments = (template: Template): Array<[string, Record<string, unknown>]> =>
  Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
    .map(([logicalId, resource]) => [
      logicalId,
      (resource.Properties['Environment'] as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {},
    ]);
