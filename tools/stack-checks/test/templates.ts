import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: unknown;
}

export interface Template {
  Resources: Record<string, Resource>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
}

interface PackagedZip {
  bytes: number;
  /** Every file the zip holds, by path. */
  files: string[];
}

export interface PackagedService {
  name: string;
  template: Template;
  text: string;
  /** Every zip the package step wrote, by file name. */
  zips: Record<string, PackagedZip>;
}

const servicesDir = fileURLToPath(new URL('../../../services/', import.meta.url));

const withoutAwsCredentials = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));

/** One service of services/ packaged for a stage (packageFolder). */
export const packageService = (name: string, stage: string): Promise<PackagedService> =>
  packageFolder(join(servicesDir, name), stage);

/**
 * The Serverless service in `folder` packaged for a stage as `sls package` does before a deploy,
 * with no AWS credentials and no network: what CloudFormation would receive.
 */
export const packageFolder = async (folder: string, stage: string): Promise<PackagedService> => {
  const name = basename(folder);
  const out = mkdtempSync(join(tmpdir(), `${name}-package-`));
  await promisify(execFile)(join(folder, 'node_modules', '.bin', 'sls'), ['package', '--stage', stage, '--package', out], {
    cwd: folder,
    env: { ...withoutAwsCredentials, AWS_EC2_METADATA_DISABLED: 'true' },
  });
  const text = readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8');
  const zips: Record<string, PackagedZip> = {};
  for (const file of readdirSync(out).filter((file) => file.endsWith('.zip'))) {
    const { stdout } = await promisify(execFile)('unzip', ['-Z1', join(out, file)]);
    zips[file] = { bytes: statSync(join(out, file)).size, files: stdout.split('\n').filter((line) => line !== '') };
  }
  return { name, template: JSON.parse(text) as Template, text, zips };
};

/** Every deployable service (services/*) packaged for a stage (packageFolder). */
export const packageServices = async (stage: string): Promise<PackagedService[]> => {
  const fromSetup = process.env['PACKAGED_SERVICES'];
  if (fromSetup) return JSON.parse(readFileSync(fromSetup, 'utf8')) as PackagedService[];
  const names = readdirSync(servicesDir).filter((name) => existsSync(join(servicesDir, name, 'serverless.yml')));
  // Two at a time: each packaging bundles with esbuild, and the machine may have two cores.
  const packaged: PackagedService[] = [];
  for (let i = 0; i < names.length; i += 2) {
    packaged.push(...(await Promise.all(names.slice(i, i + 2).map((name) => packageFolder(join(servicesDir, name), stage)))));
  }
  return packaged;
};

export const resourcesOfType = (template: Template, type: string): Array<[string, Resource]> =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);

/** The path of an API Gateway resource, from its PathPart and those of its parents. */
const pathOf = (template: Template, logicalId: string): string => {
  const resource = template.Resources[logicalId]!;
  const parent = resource.Properties['ParentId'] as { Ref?: string };
  const part = resource.Properties['PathPart'] as string;
  return `${parent.Ref ? pathOf(template, parent.Ref) : ''}/${part}`;
};

/** Every route of every API, with the function behind it. */
export const routes = (services: PackagedService[]) =>
  services.flatMap((service) =>
    resourcesOfType(service.template, 'AWS::ApiGateway::Method').map(([, method]) => {
      const resource = method.Properties['ResourceId'] as { Ref: string };
      const uri = JSON.stringify((method.Properties['Integration'] as { Uri: unknown }).Uri);
      return {
        service,
        route: `${method.Properties['HttpMethod'] as string} ${pathOf(service.template, resource.Ref)}`,
        authorization: method.Properties['AuthorizationType'],
        function: /"([A-Za-z0-9]+LambdaFunction)"/.exec(uri)?.[1],
      };
    }),
  );

const arnOf = (value: unknown): string | undefined =>
  (value as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];

/**
 * Every queue that something hands what it failed on: the redrive policy of a subscription, or the
 * on-failure destination of a function's asynchronous invocations.
 */
export const deadLetterQueues = (services: PackagedService[]) =>
  services.flatMap((service) => {
    const targets = new Set(
      Object.values(service.template.Resources).flatMap((resource) => [
        arnOf((resource.Properties['RedrivePolicy'] as { deadLetterTargetArn?: unknown } | undefined)?.deadLetterTargetArn),
        arnOf(
          (resource.Properties['DestinationConfig'] as { OnFailure?: { Destination?: unknown } } | undefined)?.OnFailure
            ?.Destination,
        ),
      ]),
    );
    return resourcesOfType(service.template, 'AWS::SQS::Queue')
      .filter(([logicalId]) => targets.has(logicalId))
      .map(([logicalId, queue]) => ({ service, logicalId, queue }));
  });
