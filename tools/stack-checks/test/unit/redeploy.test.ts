import { isDeepStrictEqual } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { specification } from '../resource-specification.js';
import { packageService, packageServices, resourcesOfType, type PackagedService, type Template } from '../templates.js';

// A second `pnpm run deploy` packages every service again. osls gives the API's
// AWS::ApiGateway::Deployment a new logical id each time, so CloudFormation creates a new deployment
// on every deploy: that is how the new routes go live. What must not happen is the stage going with
// it: a deployment that names a stage that exists (StageName with StageDescription) is refused
// (serverless/serverless#5851), and a stage whose logical id or name changes is replaced, which
// drops the API for a moment and its settings with it.
const servicesWithAnApi = ['invoice', 'orders', 'products', 'shipment'];

let first: PackagedService[];
let second: PackagedService[];

beforeAll(async () => {
  first = (await packageServices('qa')).filter(({ name }) => servicesWithAnApi.includes(name));
  second = [];
  // One at a time: the global setup packaged them all a moment ago, and each packaging bundles.
  for (const name of servicesWithAnApi) second.push(await packageService(name, 'qa'));
  // Loaded here, where it has the hook's time: the specification takes seconds on a busy machine.
  specification();
}, 180_000);

const pairs = () =>
  servicesWithAnApi.map((name) => ({
    name,
    before: first.find((service) => service.name === name)!.template,
    after: second.find((service) => service.name === name)!.template,
  }));

const ids = (template: Template, type: string) => resourcesOfType(template, type).map(([logicalId]) => logicalId);

/** Whether CloudFormation replaces a resource of this type when this property changes. */
const replaces = (type: string, property: string): boolean => {
  const [resourceType] = specification().lookup('resource', 'cloudFormationType', 'equals', type);
  const spec = resourceType?.properties[property];
  // The specification leaves causesReplacement out where it is 'no'; a property it does not know is taken to replace.
  return spec === undefined || (spec.causesReplacement ?? 'no') !== 'no';
};

/** Every resource the second template keeps, with the properties that differ from the first. */
const changes = (before: Template, after: Template) =>
  Object.entries(after.Resources)
    .filter(([logicalId]) => logicalId in before.Resources)
    .map(([logicalId, resource]) => {
      const old = before.Resources[logicalId]!;
      const names = new Set([...Object.keys(old.Properties ?? {}), ...Object.keys(resource.Properties ?? {})]);
      return {
        logicalId,
        type: resource.Type,
        changed: [...names].filter((name) => !isDeepStrictEqual(old.Properties?.[name], resource.Properties?.[name])),
      };
    })
    .filter(({ changed }) => changed.length > 0);

describe('a second deploy of a service with an API', () => {
  it('creates a new deployment, as osls names it anew with every package', () => {
    for (const { name, before, after } of pairs()) {
      const [deploymentBefore] = ids(before, 'AWS::ApiGateway::Deployment');
      const [deploymentAfter] = ids(after, 'AWS::ApiGateway::Deployment');

      expect(deploymentAfter, name).toBeDefined();
      expect(deploymentAfter, name).not.toBe(deploymentBefore);
    }
  });

  it('keeps the stage: the same resource, under the same name, bound to the new deployment', () => {
    for (const { name, before, after } of pairs()) {
      const [stageBefore] = resourcesOfType(before, 'AWS::ApiGateway::Stage');
      const [stageAfter] = resourcesOfType(after, 'AWS::ApiGateway::Stage');
      const [deploymentAfter] = ids(after, 'AWS::ApiGateway::Deployment');

      expect(stageAfter?.[0], name).toBe('ApiGatewayStage');
      expect(stageAfter![0], name).toBe(stageBefore?.[0]);
      expect(stageAfter![1].Properties['StageName'], name).toBe('qa');
      expect(stageAfter![1].Properties['StageName'], name).toEqual(stageBefore![1].Properties['StageName']);
      expect(stageAfter![1].Properties['DeploymentId'], name).toEqual({ Ref: deploymentAfter });
    }
  });

  it('leaves the stage to its own resource: no deployment creates one (StageName) or sets it (StageDescription)', () => {
    for (const { name, before, after } of pairs()) {
      for (const [, deployment] of [
        ...resourcesOfType(before, 'AWS::ApiGateway::Deployment'),
        ...resourcesOfType(after, 'AWS::ApiGateway::Deployment'),
      ]) {
        expect(Object.keys(deployment.Properties), name).not.toContain('StageName');
        expect(Object.keys(deployment.Properties), name).not.toContain('StageDescription');
      }
    }
  });

  it('adds and removes nothing but the deployment', () => {
    for (const { name, before, after } of pairs()) {
      const added = Object.keys(after.Resources).filter((logicalId) => !(logicalId in before.Resources));
      const removed = Object.keys(before.Resources).filter((logicalId) => !(logicalId in after.Resources));

      expect(added, name).toEqual(ids(after, 'AWS::ApiGateway::Deployment'));
      expect(removed, name).toEqual(ids(before, 'AWS::ApiGateway::Deployment'));
    }
  });

  it('changes only properties that CloudFormation updates in place, the stage among them', () => {
    for (const { name, before, after } of pairs()) {
      const changed = changes(before, after);
      const replacing = changed.flatMap(({ logicalId, type, changed: properties }) =>
        properties.filter((property) => replaces(type, property)).map((property) => `${logicalId}.${property}`),
      );

      expect(changed.find(({ logicalId }) => logicalId === 'ApiGatewayStage')?.changed, name).toEqual(['DeploymentId']);
      expect(replacing, name).toEqual([]);
    }
  });
});
