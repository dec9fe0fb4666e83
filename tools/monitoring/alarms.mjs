// @ts-check
/**
 * The CloudWatch alarms of a service, made from its compiled template once every resource is in it,
 * so that each function, API and dead-letter queue has its alarm without a line of its own in
 * serverless.yml, and each alarm names the resource it watches by reference (the real function, the
 * real queue), never by a name typed twice:
 *
 * - every function: any error (AWS/Lambda Errors);
 * - every REST API: any 5XX answer (AWS/ApiGateway 5XXError, by ApiName and Stage);
 * - every dead-letter queue (the target of a subscription's redrive policy or of a function's
 *   on-failure destination): any message in it (AWS/SQS ApproximateNumberOfMessagesVisible);
 * - `custom.alarms.p99DurationMs`: { <function>: <ms> }, the p99 of that function's duration above
 *   the threshold;
 * - `custom.alarms.anyCount`: [<metric>], the service's own metrics (in
 *   `custom.monitoring.metricsNamespace`, dimension `service`, as Powertools Metrics emits them)
 *   that must stay at zero.
 *
 * Every alarm notifies `custom.monitoring.alarmTopicArn` when it fires and when it clears.
 */

/** @typedef {{ Type: string, Properties?: Record<string, any>, Condition?: string }} Resource */

/** A reference's logical id: `{ Ref: id }` or `{ 'Fn::GetAtt': [id, 'Arn'] }`. */
const referencedId = (/** @type {any} */ value) => value?.Ref ?? value?.['Fn::GetAtt']?.[0];

/** @param {Record<string, Resource>} resources */
export const deadLetterQueueIds = (resources) => {
  const targets = Object.values(resources).flatMap((resource) => [
    referencedId(resource.Properties?.RedrivePolicy?.deadLetterTargetArn),
    referencedId(resource.Properties?.DestinationConfig?.OnFailure?.Destination),
  ]);
  return Object.keys(resources).filter((id) => resources[id]?.Type === 'AWS::SQS::Queue' && targets.includes(id));
};

export default class Alarms {
  /** @param {any} serverless */
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'after:aws:package:finalize:mergeCustomProviderResources': () => this.apply() };
  }

  apply() {
    const { service, custom = {}, provider } = this.serverless.service;
    const { alarmTopicArn, metricsNamespace } = custom.monitoring ?? {};
    if (!alarmTopicArn || !metricsNamespace) {
      throw new Error('custom.monitoring needs alarmTopicArn and metricsNamespace (serverless.common.yml monitoring)');
    }
    const stage = provider.stage;
    const resources = /** @type {Record<string, Resource>} */ (provider.compiledCloudFormationTemplate.Resources);
    const naming = this.serverless.getProvider('aws').naming;
    const { p99DurationMs = {}, anyCount = [] } = custom.alarms ?? {};

    /** @type {Record<string, Resource>} */
    const alarms = {};
    /** @param {string} id @param {string} name @param {string} description @param {Record<string, unknown>} metric */
    const alarm = (id, name, description, metric) => {
      alarms[id] = {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          AlarmName: name,
          AlarmDescription: description,
          ComparisonOperator: 'GreaterThanThreshold',
          EvaluationPeriods: 1,
          // No data is no error, no message, no request: quiet, not unknown.
          TreatMissingData: 'notBreaching',
          AlarmActions: [alarmTopicArn],
          OKActions: [alarmTopicArn],
          ...metric,
        },
      };
    };
    const functionName = (/** @type {string} */ id) => /** @type {string} */ (resources[id]?.Properties?.FunctionName);

    for (const [id, resource] of Object.entries(resources)) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      alarm(`${id.replace(/LambdaFunction$/, '')}ErrorsAlarm`, `${functionName(id)}-errors`, `${functionName(id)} failed`, {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: id } }],
        Statistic: 'Sum',
        Period: 60,
        Threshold: 0,
      });
    }

    for (const [id, resource] of Object.entries(resources)) {
      // The stage resource (@ecommerce/api-throttling), not the deployment, which changes with every package.
      if (resource.Type !== 'AWS::ApiGateway::Stage') continue;
      const api = resources[referencedId(resource.Properties?.RestApiId)];
      const apiName = api?.Properties?.Name;
      const apiStage = resource.Properties?.StageName;
      if (typeof apiName !== 'string' || typeof apiStage !== 'string') {
        throw new Error(`${id}: the API's name and stage must be plain strings to alarm on its metrics`);
      }
      alarm('ApiGateway5xxAlarm', `${apiName}-5xx`, `The ${apiName} API answered 5XX`, {
        Namespace: 'AWS/ApiGateway',
        MetricName: '5XXError',
        Dimensions: [
          { Name: 'ApiName', Value: apiName },
          { Name: 'Stage', Value: apiStage },
        ],
        Statistic: 'Sum',
        Period: 60,
        Threshold: 0,
      });
    }

    for (const id of deadLetterQueueIds(resources)) {
      const queueName = resources[id]?.Properties?.QueueName ?? `${service}-${stage}-${id}`;
      alarm(`${id}DepthAlarm`, `${queueName}-depth`, `Events in ${queueName}: pnpm dead-letters --stage ${stage}`, {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id, 'QueueName'] } }],
        Statistic: 'Maximum',
        Period: 300,
        Threshold: 0,
      });
    }

    for (const [name, thresholdMs] of Object.entries(p99DurationMs)) {
      const id = naming.getLambdaLogicalId(name);
      if (resources[id]?.Type !== 'AWS::Lambda::Function') {
        throw new Error(`custom.alarms.p99DurationMs names ${name}, which is not a function of ${service}`);
      }
      alarm(
        `${id.replace(/LambdaFunction$/, '')}LatencyAlarm`,
        `${functionName(id)}-p99-duration`,
        `${functionName(id)}: p99 of its duration above ${thresholdMs} ms`,
        {
          Namespace: 'AWS/Lambda',
          MetricName: 'Duration',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: id } }],
          ExtendedStatistic: 'p99',
          Period: 300,
          Threshold: thresholdMs,
        },
      );
    }

    // A list may hold lists: a service adds its own metrics to a shared list of serverless.common.yml.
    for (const metricName of anyCount.flat()) {
      alarm(`${metricName}Alarm`, `${service}-${stage}-${metricName}`, `${service} counted ${metricName}`, {
        Namespace: metricsNamespace,
        MetricName: metricName,
        Dimensions: [{ Name: 'service', Value: service }],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 0,
      });
    }

    for (const id of Object.keys(alarms)) {
      if (resources[id]) throw new Error(`${id} is already a resource of ${service}: rename it`);
    }
    Object.assign(resources, alarms);
  }
}
