// @ts-check
/**
 * Who may reach what in a service's stack, made from its compiled template once every resource is
 * in it (after the roles of serverless-iam-roles-per-function and the resources of serverless.yml):
 *
 * - `custom.accessPolicies.topics`: { <topic logical id>: { key: <KMS key logical id>, publishers:
 *   { <service>: [<function>] } } }. The topic's policy lets only those functions' roles publish:
 *   an explicit Deny for every other principal, as an Allow alone adds to what IAM already grants in
 *   the account (https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html); only
 *   the account manages and subscribes. The key's policy lets the same roles encrypt for it.
 * - `custom.accessPolicies.topicKey`: { topicArn, keyArn }: every role of this service that may
 *   publish on `topicArn` may also use `keyArn`, the key the topic is encrypted with
 *   (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html).
 * - `custom.accessPolicies.internalCallers`: { "<METHOD> <path>": { <service>: [<function>] } }
 *   for every IAM-authorised route under /internal/: the API's resource policy denies each route to
 *   every principal but those functions' roles; every other route stays open, as its handler checks
 *   the customer's token (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html).
 * - Every queue has one policy: osls writes one per subscription that dead-letters into it, and of
 *   several on a queue only the last applied holds, so removing a subscription would silently take
 *   the other's right to deliver with it.
 * - The default execution role osls creates goes when no function uses it (each has its own).
 */
import { functionRoleArn } from './role-names.mjs';

/** @typedef {{ Type: string, Properties: Record<string, any>, DependsOn?: unknown }} Resource */
/** @typedef {Record<string, string[]>} FunctionsByService */

const defaultRoleId = 'IamRoleLambdaExecution';

export default class AccessPolicies {
  /** @param {any} serverless */
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'after:aws:package:finalize:mergeCustomProviderResources': () => this.apply() };
  }

  apply() {
    const { service, custom = {}, provider } = this.serverless.service;
    const resources = /** @type {Record<string, Resource>} */ (provider.compiledCloudFormationTemplate.Resources);
    const { topics = {}, topicKey, internalCallers } = custom.accessPolicies ?? {};
    /** @param {FunctionsByService} callers */
    const roleArns = (callers) =>
      Object.entries(callers).flatMap(([callerService, functionNames]) =>
        functionNames.map((functionName) =>
          functionRoleArn({ service: callerService, stage: provider.stage, functionName, region: provider.region }),
        ),
      );

    for (const [topicId, { key, publishers }] of Object.entries(topics)) {
      const keyResource = guardTopic(resources, topicId, key);
      const publisherArns = roleArns(publishers);
      resources[`${topicId}Policy`] = { Type: 'AWS::SNS::TopicPolicy', Properties: topicPolicy(topicId, publisherArns) };
      keyResource.Properties['KeyPolicy'].Statement.push(keyUseBy(publisherArns));
    }
    if (topicKey) grantTopicKey(resources, topicKey.topicArn, topicKey.keyArn);
    if (internalCallers) restrictInternalRoutes(resources, service, internalCallers, roleArns);
    oneQueuePolicyPerQueue(resources);
    dropUnusedDefaultRole(resources);
  }
}

/**
 * The topic's key, once the topic is known to be encrypted with it.
 * @param {Record<string, Resource>} resources @param {string} topicId @param {string} key
 */
const guardTopic = (resources, topicId, key) => {
  const topic = resources[topicId];
  const keyResource = resources[key];
  if (topic?.Type !== 'AWS::SNS::Topic') throw new Error(`custom.accessPolicies.topics: ${topicId} is not a topic`);
  if (keyResource?.Type !== 'AWS::KMS::Key')
    throw new Error(`custom.accessPolicies.topics.${topicId}.key: ${key} is not a KMS key`);
  if (JSON.stringify(topic.Properties['KmsMasterKeyId']) !== JSON.stringify({ Ref: key })) {
    throw new Error(`${topicId} must be encrypted with its key: KmsMasterKeyId: { Ref: ${key} }`);
  }
  return keyResource;
};

const accountRoot = { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' };

/** @param {string} topicId @param {unknown[]} publisherArns */
const topicPolicy = (topicId, publisherArns) => ({
  Topics: [{ Ref: topicId }],
  PolicyDocument: {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'PublishersPublish',
        Effect: 'Allow',
        Principal: { AWS: accountRoot },
        Action: 'sns:Publish',
        Resource: { Ref: topicId },
        Condition: { ArnLike: { 'aws:PrincipalArn': publisherArns } },
      },
      {
        Sid: 'NobodyElsePublishes',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sns:Publish',
        Resource: { Ref: topicId },
        Condition: { ArnNotLike: { 'aws:PrincipalArn': publisherArns } },
      },
      {
        Sid: 'AccountManagesAndSubscribes',
        Effect: 'Allow',
        Principal: { AWS: accountRoot },
        Action: [
          'sns:GetTopicAttributes',
          'sns:SetTopicAttributes',
          'sns:AddPermission',
          'sns:RemovePermission',
          'sns:DeleteTopic',
          'sns:Subscribe',
          'sns:ListSubscriptionsByTopic',
        ],
        Resource: { Ref: topicId },
      },
    ],
  },
});

/** @param {unknown[]} publisherArns */
const keyUseBy = (publisherArns) => ({
  Sid: 'PublishersEncrypt',
  Effect: 'Allow',
  Principal: { AWS: accountRoot },
  Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
  Resource: '*',
  Condition: { ArnLike: { 'aws:PrincipalArn': publisherArns } },
});

/** @param {any} statement */
const actionsOf = (statement) => [statement.Action].flat();

/** @param {Record<string, Resource>} resources @param {unknown} topicArn @param {unknown} keyArn */
const grantTopicKey = (resources, topicArn, keyArn) => {
  const topic = JSON.stringify(topicArn);
  for (const role of Object.values(resources).filter((resource) => resource.Type === 'AWS::IAM::Role')) {
    for (const policy of role.Properties['Policies'] ?? []) {
      const statements = policy.PolicyDocument.Statement;
      const publishes = statements.some(
        (/** @type {any} */ statement) =>
          statement.Effect === 'Allow' &&
          actionsOf(statement).includes('sns:Publish') &&
          [statement.Resource].flat().some((resource) => JSON.stringify(resource) === topic),
      );
      if (publishes) statements.push({ Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: keyArn });
    }
  }
};

/** The path of an API Gateway resource, from its PathPart and those of its parents. @param {Record<string, Resource>} resources @param {string} id @returns {string} */
const pathOf = (resources, id) => {
  const resource = resources[id];
  if (resource?.Type !== 'AWS::ApiGateway::Resource') return '';
  return `${pathOf(resources, resource.Properties['ParentId']?.Ref)}/${resource.Properties['PathPart']}`;
};

/** `execute-api:/<stage>/<METHOD>/<path>`, with every path parameter as a wildcard. @param {string} route */
const routeResource = (route) => {
  const [method, path] = route.split(' ');
  return `execute-api:/*/${method}${(path ?? '').replace(/\{[^}]+\}/g, '*')}`;
};

/** Whether the pattern of a route's resource covers a request to `route` (`*` spans slashes in execute-api ARNs). @param {string} pattern @param {string} route */
const covers = (pattern, route) => {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return regex.test(routeResource(route).replace(/\*/g, 'x'));
};

/**
 * @param {Record<string, Resource>} resources
 * @param {string} service
 * @param {Record<string, FunctionsByService>} internalCallers
 * @param {(callers: FunctionsByService) => unknown[]} roleArns
 */
const restrictInternalRoutes = (resources, service, internalCallers, roleArns) => {
  const internalRoutes = Object.values(resources)
    .filter((resource) => resource.Type === 'AWS::ApiGateway::Method')
    .map((method) => `${method.Properties['HttpMethod']} ${pathOf(resources, method.Properties['ResourceId']?.Ref)}`)
    .filter((route) => route.includes(' /internal/'));
  const listed = Object.keys(internalCallers);
  const unlisted = internalRoutes.filter((route) => !listed.includes(route));
  const unknown = listed.filter((route) => !internalRoutes.includes(route));
  if (unlisted.length > 0)
    throw new Error(`custom.accessPolicies.internalCallers of ${service} names no callers of ${unlisted.join(', ')}`);
  if (unknown.length > 0)
    throw new Error(`custom.accessPolicies.internalCallers of ${service} names routes it does not have: ${unknown.join(', ')}`);
  const [apiId, api] = Object.entries(resources).find(([, resource]) => resource.Type === 'AWS::ApiGateway::RestApi') ?? [];
  if (!apiId || !api) throw new Error(`custom.accessPolicies.internalCallers: ${service} has no REST API`);

  const everyCaller = Object.values(internalCallers).flatMap((callers) => roleArns(callers));
  api.Properties['Policy'] = {
    Version: '2012-10-17',
    Statement: [
      // Public and customer routes: their handlers decide (the customer's token).
      { Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
      // Anything under /internal/ is closed to every principal that is no caller of an internal route.
      denyUnless('InternalToServicesOnly', 'execute-api:/*/*/internal/*', unique(everyCaller)),
      ...listed.map((route, index) => {
        const pattern = routeResource(route);
        // The pattern of /internal/orders/{orderId} also covers /internal/orders/{orderId}/payment: a
        // request there must pass this statement too, so its callers are spared here; the route's own
        // statement still holds the others off.
        const allowed = listed
          .filter((other) => covers(pattern, other))
          .flatMap((other) => roleArns(internalCallers[other] ?? {}));
        return denyUnless(`Route${index}OnlyToItsCallers`, pattern, unique(allowed));
      }),
    ],
  };
};

/** @param {unknown[]} arns */
const unique = (arns) => [...new Map(arns.map((arn) => [JSON.stringify(arn), arn])).values()];

/** @param {string} sid @param {string} resource @param {unknown[]} principalArns */
const denyUnless = (sid, resource, principalArns) => ({
  Sid: sid,
  Effect: 'Deny',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: resource,
  // A request with no principal (anonymous) has no aws:PrincipalArn, which a negated operator treats as a match: denied.
  Condition: { ArnNotLike: { 'aws:PrincipalArn': principalArns } },
});

/** @param {Record<string, Resource>} resources */
const oneQueuePolicyPerQueue = (resources) => {
  /** @type {Map<string, string[]>} */
  const byQueues = new Map();
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::SQS::QueuePolicy') continue;
    const queues = JSON.stringify(resource.Properties['Queues']);
    byQueues.set(queues, [...(byQueues.get(queues) ?? []), id]);
  }
  for (const ids of byQueues.values()) {
    if (ids.length < 2) continue;
    const policies = ids.map((id) => /** @type {Resource} */ (resources[id]));
    const queueId = policies[0]?.Properties['Queues']?.[0]?.Ref ?? ids[0];
    const statements = unique(policies.flatMap((policy) => policy.Properties['PolicyDocument'].Statement));
    for (const id of ids) delete resources[id];
    resources[`${queueId}Policy`] = {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: {
        Queues: policies[0]?.Properties['Queues'],
        PolicyDocument: { Version: '2012-10-17', Id: `${queueId}Policy`, Statement: statements },
      },
    };
  }
};

/** @param {Record<string, Resource>} resources */
const dropUnusedDefaultRole = (resources) => {
  if (!resources[defaultRoleId]) return;
  const { [defaultRoleId]: _role, ...others } = resources;
  if (!JSON.stringify(others).includes(JSON.stringify(defaultRoleId))) delete resources[defaultRoleId];
};
