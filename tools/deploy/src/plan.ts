/** What CloudFormation receives for one service: its template, as `sls package` wrote it. */
export interface StackTemplate {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string }>;
  Outputs?: Record<string, { Export?: { Name?: unknown } }>;
}

export interface PackagedStack {
  service: string;
  template: StackTemplate;
}

export interface StagePlan {
  /** Services in the order they deploy: each wave after the one before, the services of a wave at once. */
  waves: string[][];
  /** What each service reads from the others: an export it imports, a parameter it resolves. */
  dependsOn: Record<string, string[]>;
  /** SSM parameters the templates name that no stack creates: the deployer sets them once per stage. */
  deployerParameters: string[];
}

const stringsIn = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap(stringsIn);
};

const importsIn = (value: unknown): string[] => {
  if (typeof value !== 'object' || value === null) return [];
  const imported = (value as Record<string, unknown>)['Fn::ImportValue'];
  return [...(typeof imported === 'string' ? [imported] : []), ...Object.values(value).flatMap(importsIn)];
};

/**
 * The deployment of a stage from its packaged templates: a service deploys after every service
 * whose export it imports (`Fn::ImportValue`) or whose SSM parameter it names (in a
 * `{{resolve:ssm:…}}` reference, an environment variable, an IAM policy), since CloudFormation
 * resolves these when it deploys. Parameters under `/ecommerce/<stage>/` that no stack creates are
 * the deployer's to set.
 */
export const planStage = (stacks: PackagedStack[], stage: string): StagePlan => {
  const exporters = new Map<string, string>();
  const creators = new Map<string, string>();
  for (const { service, template } of stacks) {
    for (const output of Object.values(template.Outputs ?? {})) {
      if (typeof output.Export?.Name === 'string') exporters.set(output.Export.Name, service);
    }
    for (const resource of Object.values(template.Resources)) {
      const name = resource.Properties?.['Name'];
      if (resource.Type === 'AWS::SSM::Parameter' && typeof name === 'string') creators.set(name, service);
    }
  }

  const parameterPattern = new RegExp(`/ecommerce/${stage}/[\\w.-]+(?:/[\\w.-]+)*`, 'g');
  const deployerParameters = new Set<string>();
  const dependsOn: Record<string, string[]> = {};
  for (const { service, template } of stacks) {
    const producers = new Set<string>();
    for (const name of importsIn(template)) {
      const exporter = exporters.get(name);
      if (!exporter) throw new Error(`${service} imports ${name}, which no stack of the stage exports`);
      producers.add(exporter);
    }
    for (const name of stringsIn(template).flatMap((text) => text.match(parameterPattern) ?? [])) {
      const creator = creators.get(name);
      if (creator) producers.add(creator);
      else deployerParameters.add(name);
    }
    producers.delete(service);
    dependsOn[service] = [...producers].sort();
  }

  const waves: string[][] = [];
  const deployed = new Set<string>();
  while (deployed.size < stacks.length) {
    const ready = stacks
      .map(({ service }) => service)
      .filter((service) => !deployed.has(service) && dependsOn[service]!.every((producer) => deployed.has(producer)))
      .sort();
    if (ready.length === 0) {
      const stuck = stacks.map(({ service }) => service).filter((service) => !deployed.has(service));
      throw new Error(`the stacks ${stuck.join(', ')} depend on each other: none can deploy first`);
    }
    waves.push(ready);
    for (const service of ready) deployed.add(service);
  }
  return { waves, dependsOn, deployerParameters: [...deployerParameters].sort() };
};
