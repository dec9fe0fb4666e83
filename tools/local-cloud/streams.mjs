// @ts-check
/**
 * DynamoDB Streams event sources, for the local stage: what Lambda's event source mapping does on
 * AWS between a table's stream and a function, which serverless-offline does not do.
 *
 * For each function with a `stream` event of type dynamodb on a table of its own service
 * (`arn: { Fn::GetAtt: [<table>, StreamArn] }`), it reads each shard of the table's stream in
 * DynamoDB Local, in order, and hands the records that pass the event's `filterPatterns` to the
 * function through serverless-offline's Lambda API, `batchSize` at a time, one batch of a shard at a
 * time, as Lambda does. A shard with nothing new is read again after `idlePollMs`, as Lambda polls
 * four times a second. A failed batch is retried from its first failed record (the whole batch,
 * unless the function reports `batchItemFailures`) after 1 s, 2 s, then 4 s, up to
 * `maximumRetryAttempts` (10 here when unset: on AWS it is unlimited, which would stall the shard
 * for a day); then that record alone, as `bisectBatchOnFunctionError` isolates it on AWS, is
 * recorded in the local dead-letter store, where the onFailure destination would get it, and the
 * records after it are delivered.
 */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ensureDeadLetterTable, invokeWhenUp, recordDeadLetter, retryDelaysMs } from './subscriptions.mjs';

/** How long a shard with nothing new waits before it is read again: Lambda reads four times a second. */
const idlePollMs = 250;
const localRetryLimit = 10;
/** How often the shards of a stream are listed again, for the ones that opened meanwhile. */
const shardDiscoveryMs = 10_000;
/**
 * Where each reader notes the last record it handed on, shard by shard, as Lambda's event source
 * mapping keeps its place: beside the stream, in DynamoDB Local, so that a local cloud started again
 * on the data it kept (`pnpm dev --persist`) reads on from there, and hands nothing on twice.
 */
const streamPositionTable = 'stream-positions-local';

/** @param {DynamoDBClient} dynamodb */
const ensureStreamPositionTable = async (dynamodb) => {
  try {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: streamPositionTable,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
  } catch (error) {
    if (/** @type {{ name?: string }} */ (error).name !== 'ResourceInUseException') throw error;
  }
};

/**
 * Whether `value` matches a Lambda event filter `pattern`: an object of patterns per field, down to
 * arrays of what a field may be, each an exact value or `{ prefix }`. Other rules (numeric,
 * `exists`, `anything-but`) are refused when the local cloud starts (`checkFilterPattern`), not
 * matched wrongly.
 * @param {unknown} pattern @param {unknown} value
 * @returns {boolean}
 */
export const matchesFilter = (pattern, value) => {
  if (Array.isArray(pattern)) {
    return pattern.some((rule) =>
      rule !== null && typeof rule === 'object'
        ? typeof value === 'string' && value.startsWith(/** @type {{ prefix: string }} */ (rule).prefix)
        : value === rule,
    );
  }
  if (pattern === null || typeof pattern !== 'object' || value === null || typeof value !== 'object') return false;
  return Object.entries(pattern).every(([field, inner]) => matchesFilter(inner, /** @type {any} */ (value)[field]));
};

/**
 * Throws, naming where, on a part of a filter pattern that `matchesFilter` does not understand.
 * @param {unknown} pattern @param {string} [at]
 */
export const checkFilterPattern = (pattern, at = 'filterPatterns') => {
  if (Array.isArray(pattern)) {
    for (const rule of pattern) {
      const isPrefix = rule !== null && typeof rule === 'object' && Object.keys(rule).join() === 'prefix';
      if (typeof rule === 'object' && rule !== null && !isPrefix) {
        throw new Error(`${at}: the local cloud matches exact values and { prefix } only, not ${JSON.stringify(rule)}`);
      }
    }
    return;
  }
  if (pattern === null || typeof pattern !== 'object') throw new Error(`${at}: a pattern is an object or an array`);
  for (const [field, inner] of Object.entries(pattern)) checkFilterPattern(inner, `${at}.${field}`);
};

/**
 * A record as DynamoDB Streams answers it, as Lambda hands it to a function: the same fields, the
 * creation time in epoch seconds, and the stream it came from.
 * @param {any} record @param {string} streamArn
 */
export const lambdaStreamRecord = (record, streamArn) => ({
  ...record,
  dynamodb: {
    ...record.dynamodb,
    ...(record.dynamodb?.ApproximateCreationDateTime instanceof Date
      ? { ApproximateCreationDateTime: Math.floor(record.dynamodb.ApproximateCreationDateTime.getTime() / 1000) }
      : {}),
  },
  eventSourceARN: streamArn,
});

/**
 * The event source mappings of a service's functions on its own tables' streams.
 * @param {any} serverless
 */
export const streamSources = (serverless) => {
  const service = serverless.service;
  const stage = service.provider.stage;
  const resources = service.resources?.Resources ?? {};
  return Object.entries(service.functions ?? {}).flatMap(([name, fn]) =>
    (fn.events ?? [])
      .filter((/** @type {any} */ event) => event.stream)
      .map((/** @type {any} */ { stream }) => {
        const [logicalId, attribute] = stream.arn?.['Fn::GetAtt'] ?? [];
        const table = resources[logicalId];
        if (stream.type !== 'dynamodb' || attribute !== 'StreamArn' || table?.Type !== 'AWS::DynamoDB::Table') {
          throw new Error(
            `${name}: the local cloud runs stream events of type dynamodb on a table of the service's own resources (arn: { Fn::GetAtt: [<table>, StreamArn] }) only`,
          );
        }
        for (const pattern of stream.filterPatterns ?? []) checkFilterPattern(pattern, `${name}.filterPatterns`);
        return {
          name,
          functionName: fn.name ?? `${service.service}-${stage}-${name}`,
          tableName: /** @type {string} */ (table.Properties.TableName),
          batchSize: /** @type {number} */ (stream.batchSize ?? 10),
          startingPosition: /** @type {'TRIM_HORIZON' | 'LATEST'} */ (stream.startingPosition ?? 'TRIM_HORIZON'),
          filterPatterns: /** @type {unknown[]} */ (stream.filterPatterns ?? []),
          retries: stream.maximumRetryAttempts >= 0 ? /** @type {number} */ (stream.maximumRetryAttempts) : localRetryLimit,
        };
      }),
  );
};

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * Reads the streams of a service's tables for its functions, in the gateway's process (gateway.mjs),
 * outside the service's: a service's process that dies fails the batch it was handed, which is
 * retried once the process listens again, and the reader keeps its place. Called again when the
 * service's process starts again: a reader already running on the table's current stream goes on,
 * one on a stream the table no longer has (the table was made anew) stops, and a new one starts.
 * @param {{ dynamodbEndpoint: string, log: (line: string) => void }} options
 */
export const createStreamReaders = ({ dynamodbEndpoint, log }) => {
  const dynamodb = new DynamoDBClient({ endpoint: dynamodbEndpoint });
  const streams = new DynamoDBStreamsClient({ endpoint: dynamodbEndpoint });
  // Dead letters and the readers' positions.
  const documents = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  /** @type {Map<string, { streamArn: string, stop: () => void }>} the reader of each function */
  const readers = new Map();

  /**
   * @param {{ service: string, sources: ReturnType<typeof streamSources>, lambdaPort: number, existingTables: string[] }} registration
   */
  const update = async ({ service, sources, lambdaPort, existingTables }) => {
    if (sources.length === 0) return;
    await ensureDeadLetterTable(dynamodb);
    await ensureStreamPositionTable(dynamodb);
    for (const source of sources) {
      const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: source.tableName }));
      const streamArn = Table?.LatestStreamArn;
      if (!streamArn) throw new Error(`${source.name}: table ${source.tableName} has no stream (StreamSpecification)`);
      const running = readers.get(source.functionName);
      if (running?.streamArn === streamArn) continue;
      running?.stop();
      // A table kept from an earlier start has its records handled already: begin with what comes next.
      const firstPosition = existingTables.includes(source.tableName) ? 'LATEST' : source.startingPosition;
      readers.set(source.functionName, { streamArn, stop: read({ service, source, lambdaPort, streamArn, firstPosition }) });
      log(`local-cloud: ${source.name} reads the stream of ${source.tableName}`);
    }
  };

  /**
   * Starts reading one stream for one function; returns what stops it.
   * @param {{ service: string, source: ReturnType<typeof streamSources>[number], lambdaPort: number, streamArn: string,
   *   firstPosition: 'TRIM_HORIZON' | 'LATEST' }} reader
   */
  const read = ({ service, source, lambdaPort, streamArn, firstPosition }) => {
    const invokeUrl = `http://127.0.0.1:${lambdaPort}/2015-03-31/functions/${source.functionName}/invocations`;
    let stopped = false;

    /** @param {any} record @param {number} attempts @param {string} error @param {string} firstFailedAt */
    const deadLetter = async (record, attempts, error, firstFailedAt) => {
      const image = record.dynamodb?.NewImage ? unmarshall(record.dynamodb.NewImage) : {};
      await recordDeadLetter(documents, {
        key: `${source.functionName}#${record.eventID}`,
        service,
        function: source.name,
        invokeUrl,
        announced: image['event'],
        attempts,
        error,
        firstFailedAt,
        event: { Records: [record] },
      });
      log(`local-cloud: ${source.name} gave up on stream record ${record.eventID} after ${attempts} attempts: dead-lettered`);
    };

    /** Hands the records of one read to the function, batch by batch, retrying each from its first failure. @param {any[]} records */
    const deliver = async (records) => {
      let waiting = records.filter(
        (record) =>
          source.filterPatterns.length === 0 ||
          source.filterPatterns.some((/** @type {unknown} */ pattern) => matchesFilter(pattern, record)),
      );
      let failures = 0;
      let firstFailedAt = '';
      while (waiting.length > 0 && !stopped) {
        const batch = waiting.slice(0, source.batchSize);
        const outcome = await invokeWhenUp(invokeUrl, { Records: batch });
        if (outcome.ok) {
          waiting = waiting.slice(batch.length);
          failures = 0;
          continue;
        }
        const failedAt = outcome.failedItems?.length
          ? Math.max(
              0,
              batch.findIndex((record) => outcome.failedItems?.includes(record.dynamodb?.SequenceNumber)),
            )
          : 0;
        waiting = waiting.slice(failedAt);
        failures += 1;
        firstFailedAt ||= new Date().toISOString();
        if (failures > source.retries) {
          // As bisectBatchOnFunctionError narrows a failing batch down to the record that fails, only
          // that record is given up on; the ones after it get their own attempts.
          await deadLetter(waiting[0], failures, outcome.error ?? 'unknown error', firstFailedAt);
          waiting = waiting.slice(1);
          failures = 0;
          firstFailedAt = '';
          continue;
        }
        await sleep(retryDelaysMs[failures - 1] ?? 4_000);
      }
    };

    /**
     * Reads a shard to its end (a shard that is still open has none), delivering what it finds.
     * @param {string} shardId @param {'TRIM_HORIZON' | 'LATEST'} position
     */
    const readShard = async (shardId, position) => {
      const positionKey = { pk: `${source.functionName}#${streamArn}#${shardId}` };
      const { Item: kept } = await documents
        .send(new GetCommand({ TableName: streamPositionTable, Key: positionKey, ConsistentRead: true }))
        .catch((/** @type {Error} */ error) => {
          log(
            `local-cloud: ${source.name} could not read where it stood in ${shardId} (${error.message}); reading from ${position}`,
          );
          return { Item: undefined };
        });
      /**
       * The last record delivered, as noted (from an earlier start too): an iterator that fails is
       * replaced by one just after it, so nothing is read twice.
       */
      let lastDelivered = /** @type {string} */ (kept?.['sequenceNumber'] ?? '');
      const iterator = async () =>
        (
          await streams.send(
            new GetShardIteratorCommand({
              StreamArn: streamArn,
              ShardId: shardId,
              ...(lastDelivered
                ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: lastDelivered }
                : { ShardIteratorType: position }),
            }),
          )
        ).ShardIterator;
      let ShardIterator = await iterator();
      while (ShardIterator && !stopped) {
        const page = await streams
          .send(new GetRecordsCommand({ ShardIterator, Limit: 1000 }))
          .catch((/** @type {Error} */ error) => {
            if (error.name === 'ResourceNotFoundException') {
              // The table was deleted (a test fixture's, at its end): its stream is gone for good.
              log(`local-cloud: ${source.name} stops reading ${source.tableName}'s stream: it is gone`);
              stopped = true;
              return undefined;
            }
            // DynamoDB Local busy, or the iterator no longer valid: a new one, from where delivery stands.
            log(`local-cloud: ${source.name} could not read ${source.tableName}'s stream (${error.message}); reading again`);
            return undefined;
          });
        if (!page) {
          if (stopped) break;
          await sleep(1_000);
          ShardIterator = await iterator().catch(() => ShardIterator);
          continue;
        }
        const records = (page.Records ?? []).map((record) => lambdaStreamRecord(record, streamArn));
        if (records.length > 0) {
          await deliver(records);
          lastDelivered = records.at(-1)?.dynamodb?.SequenceNumber ?? lastDelivered;
          // A note that fails costs only a record handed on again after a restart.
          await documents
            .send(new PutCommand({ TableName: streamPositionTable, Item: { ...positionKey, sequenceNumber: lastDelivered } }))
            .catch((/** @type {Error} */ error) => log(`local-cloud: ${source.name} could not note its place: ${error.message}`));
        } else await sleep(idlePollMs);
        ShardIterator = page.NextShardIterator;
      }
    };

    /** Every shard is read once its parent is read to its end, so a key's changes arrive in order. */
    const started = new Set();
    const finished = new Set();
    const discover = async () => {
      if (stopped) return;
      const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
      const shards = StreamDescription?.Shards ?? [];
      const known = new Set(shards.map((shard) => shard.ShardId));
      for (const shard of shards) {
        const parent = shard.ParentShardId;
        if (started.has(shard.ShardId) || (parent && known.has(parent) && !finished.has(parent))) continue;
        started.add(shard.ShardId);
        const position = parent && started.has(parent) ? 'TRIM_HORIZON' : firstPosition;
        void readShard(/** @type {string} */ (shard.ShardId), position)
          .then(() => {
            finished.add(shard.ShardId);
            return discover();
          })
          .catch((/** @type {Error} */ error) =>
            log(`local-cloud: ${source.name} stopped reading ${source.tableName}'s stream: ${error.message}`),
          );
      }
    };
    const discovery = setInterval(
      () => void discover().catch((/** @type {Error} */ error) => log(`local-cloud: ${source.name}: ${error.message}`)),
      shardDiscoveryMs,
    );
    void discover().catch((/** @type {Error} */ error) => log(`local-cloud: ${source.name}: ${error.message}`));
    return () => {
      stopped = true;
      clearInterval(discovery);
    };
  };

  return { update };
};
