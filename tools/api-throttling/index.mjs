// @ts-check
/**
 * The stage of a service's REST API as a resource of its own, `ApiGatewayStage`, as AWS SAM makes
 * it, so that every deploy after the first updates the stage rather than failing on it.
 *
 * osls creates the stage through the API's `AWS::ApiGateway::Deployment`, whose logical id changes
 * with every package (a new deployment each time). Settings put there (`StageDescription`) work once:
 * on the next deploy CloudFormation refuses to create a deployment with a StageDescription for a
 * stage that exists (serverless/serverless#5851). Here the deployment only deploys: it loses its
 * StageName and StageDescription, and the stage points at it through DeploymentId, which
 * CloudFormation updates in place ("Update requires: No interruption"; StageName and RestApiId
 * would replace the stage:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-stage.html).
 * What named the deployment to reach the stage now names the stage.
 *
 * The stage carries:
 * - `custom.apiThrottling` ({ rateLimit, burstLimit }: requests a second, and the burst allowed
 *   above that rate) on every method; a client over them is answered 429;
 * - an access log of one JSON line a request, `custom.apiAccessLog` ({ field: "$context.variable" },
 *   with `requestId`, the id API Gateway answers in x-amzn-RequestId), in the log group
 *   `/aws/api-gateway/<service>-<stage>-access`, kept `provider.logRetentionInDays`. API Gateway
 *   writes it with the account's CloudWatch role, which services/platform sets
 *   (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html);
 * - X-Ray tracing as `provider.tracing.apiGateway` says, and the stack's tags.
 *
 * osls still updates the stage's tracing and tags through the SDK after each deploy (its
 * `after:deploy:deploy` hack); it finds them as this template set them and sets the same values.
 */

export const stageLogicalId = 'ApiGatewayStage';
export const accessLogGroupLogicalId = 'ApiGatewayAccessLogGroup';

/** @typedef {{ Type: string, Properties: Record<string, any>, DependsOn?: string | string[] }} Resource */

/** @param {unknown} value @param {string} name */
const requestsPerSecond = (value, name) => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(`custom.apiThrottling.${name} must be a whole number of requests above zero (got ${JSON.stringify(value)})`);
  }
  return value;
};

/** The access log's format: its fields as one JSON object, each a `$context` variable API Gateway fills in. */
const accessLogFormat = (/** @type {unknown} */ fields) => {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    throw new Error('custom.apiAccessLog must map each field of the access log to a $context variable');
  }
  for (const [field, variable] of Object.entries(fields)) {
    if (typeof variable !== 'string' || !/^\$context\.[A-Za-z0-9.]+$/.test(variable)) {
      throw new Error(`custom.apiAccessLog.${field} must be one $context variable (got ${JSON.stringify(variable)})`);
    }
  }
  // API Gateway requires one of the two; a request is then found by the id its client was answered.
  // https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-access-logging.html
  if (/** @type {Record<string, string>} */ (fields)['requestId'] !== '$context.requestId') {
    throw new Error('custom.apiAccessLog.requestId must be $context.requestId');
  }
  return JSON.stringify(fields);
};

export default class ApiThrottling {
  /** @param {any} serverless */
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'after:package:compileEvents': () => this.apply() };
  }

  apply() {
    const { service, custom, provider } = this.serverless.service;
    const template = provider.compiledCloudFormationTemplate;
    const resources = /** @type {Record<string, Resource>} */ (template.Resources);
    const rateLimit = requestsPerSecond(custom?.apiThrottling?.rateLimit, 'rateLimit');
    const burstLimit = requestsPerSecond(custom?.apiThrottling?.burstLimit, 'burstLimit');
    const format = accessLogFormat(custom?.apiAccessLog);

    const deployments = Object.keys(resources).filter((id) => resources[id]?.Type === 'AWS::ApiGateway::Deployment');
    if (deployments.length !== 1) {
      throw new Error(
        `expected one API Gateway deployment to give a stage, found ${deployments.length}: does the service have http events?`,
      );
    }
    const deploymentId = /** @type {string} */ (deployments[0]);
    const deployment = /** @type {Resource} */ (resources[deploymentId]);
    const stageName = deployment.Properties['StageName'];
    if (typeof stageName !== 'string') throw new Error(`${deploymentId}: the stage's name must be a plain string`);
    delete deployment.Properties['StageName'];
    delete deployment.Properties['StageDescription'];
    const restApiId = deployment.Properties['RestApiId'];

    const tags = { ...provider.stackTags, ...provider.tags };
    resources[accessLogGroupLogicalId] = {
      Type: 'AWS::Logs::LogGroup',
      Properties: {
        LogGroupName: `/aws/api-gateway/${service}-${stageName}-access`,
        ...(provider.logRetentionInDays ? { RetentionInDays: provider.logRetentionInDays } : {}),
      },
    };
    resources[stageLogicalId] = {
      Type: 'AWS::ApiGateway::Stage',
      Properties: {
        RestApiId: restApiId,
        StageName: stageName,
        DeploymentId: { Ref: deploymentId },
        TracingEnabled: Boolean(provider.tracing?.apiGateway),
        // Every method of every resource: the stage's default.
        MethodSettings: [
          { HttpMethod: '*', ResourcePath: '/*', ThrottlingRateLimit: rateLimit, ThrottlingBurstLimit: burstLimit },
        ],
        AccessLogSetting: { DestinationArn: { 'Fn::GetAtt': [accessLogGroupLogicalId, 'Arn'] }, Format: format },
        ...(Object.keys(tags).length > 0
          ? { Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value: String(Value) })) }
          : {}),
      },
    };

    for (const resource of Object.values(resources)) {
      const dependsOn = [resource.DependsOn ?? []].flat();
      if (dependsOn.includes(deploymentId)) {
        resource.DependsOn = [...new Set(dependsOn.map((name) => (name === deploymentId ? stageLogicalId : name)))];
      }
    }
    // The URL names the stage through the resource, so that it is announced once the stage exists.
    const endpoint = template.Outputs?.ServiceEndpoint;
    if (endpoint) {
      endpoint.Value = {
        'Fn::Join': [
          '',
          [
            'https://',
            restApiId,
            '.execute-api.',
            { Ref: 'AWS::Region' },
            '.',
            { Ref: 'AWS::URLSuffix' },
            '/',
            { Ref: stageLogicalId },
          ],
        ],
      };
    }
  }
}
