// @ts-check
/**
 * API Gateway throttling of a service's stage, from `custom.apiThrottling` ({ rateLimit,
 * burstLimit }: requests a second, and the burst allowed above that rate). Serverless creates the
 * stage through the API's deployment resource, whose logical id changes with every package, so
 * `resources` cannot reach it; this sets the limits on it once the events are compiled. Every
 * method of the stage gets them; a client over them is answered 429.
 */
export default class ApiThrottling {
  /** @param {{ service: { custom?: Record<string, any>, provider: { compiledCloudFormationTemplate: { Resources: Record<string, any> } } } }} serverless */
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'after:package:compileEvents': () => this.apply() };
  }

  apply() {
    const { custom, provider } = this.serverless.service;
    const { rateLimit, burstLimit } = custom?.apiThrottling ?? {};
    for (const [name, value] of Object.entries({ rateLimit, burstLimit })) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
        throw new Error(
          `custom.apiThrottling.${name} must be a whole number of requests above zero (got ${JSON.stringify(value)})`,
        );
      }
    }
    const deployments = Object.values(provider.compiledCloudFormationTemplate.Resources).filter(
      (resource) => resource.Type === 'AWS::ApiGateway::Deployment',
    );
    if (deployments.length !== 1) {
      throw new Error(
        `expected one API Gateway deployment to throttle, found ${deployments.length}: does the service have http events?`,
      );
    }
    const deployment = deployments[0];
    deployment.Properties.StageDescription = {
      ...deployment.Properties.StageDescription,
      ThrottlingRateLimit: rateLimit,
      ThrottlingBurstLimit: burstLimit,
    };
  }
}
