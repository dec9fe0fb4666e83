import { describe, expect, it } from 'vitest';
import { checkFilterPattern, lambdaStreamRecord, matchesFilter, streamSources } from '../../streams.mjs';

const outboxInsert = { eventName: 'INSERT', dynamodb: { Keys: { pk: { S: 'ORDER#1' }, sk: { S: 'OUTBOX#evt-1' } } } };
const onlyOutboxInserts = { eventName: ['INSERT'], dynamodb: { Keys: { sk: { S: [{ prefix: 'OUTBOX#' }] } } } };

describe('the filter patterns of a local stream source', () => {
  it('match a record by exact values and prefixes, field by field, as Lambda filters it', () => {
    expect(matchesFilter(onlyOutboxInserts, outboxInsert)).toBe(true);
    expect(matchesFilter(onlyOutboxInserts, { ...outboxInsert, eventName: 'REMOVE' })).toBe(false);
    expect(
      matchesFilter(onlyOutboxInserts, { ...outboxInsert, dynamodb: { Keys: { pk: { S: 'ORDER#1' }, sk: { S: 'ORDER' } } } }),
    ).toBe(false);
    expect(matchesFilter(onlyOutboxInserts, { eventName: 'INSERT' })).toBe(false);
  });

  it('refuse, naming where, a rule they cannot match rather than match it wrongly', () => {
    expect(() => checkFilterPattern(onlyOutboxInserts)).not.toThrow();
    expect(() => checkFilterPattern({ dynamodb: { NewImage: { total: { N: [{ numeric: ['>', 0] }] } } } })).toThrow(
      /filterPatterns\.dynamodb\.NewImage\.total\.N: the local cloud matches exact values and \{ prefix \} only/,
    );
    expect(() => checkFilterPattern({ eventName: [{ 'anything-but': 'REMOVE' }] })).toThrow(/anything-but/);
  });
});

describe('a stream record as the function receives it', () => {
  it('carries its creation time in epoch seconds and the stream it came from', () => {
    const record = lambdaStreamRecord(
      {
        ...outboxInsert,
        dynamodb: { ...outboxInsert.dynamodb, ApproximateCreationDateTime: new Date('2026-12-02T10:00:00.900Z') },
      },
      'arn:stream',
    );

    expect(record.dynamodb.ApproximateCreationDateTime).toBe(Date.parse('2026-12-02T10:00:00Z') / 1000);
    expect(record.eventSourceARN).toBe('arn:stream');
  });
});

describe('the stream sources of a service', () => {
  const service = (stream: Record<string, unknown>) => ({
    service: {
      service: 'orders',
      provider: { stage: 'local' },
      functions: { relay: { events: [{ stream }] } },
      resources: { Resources: { OrdersTable: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'orders-local' } } } },
    },
  });

  it("are its functions' stream events on its own tables, with Lambda's defaults", () => {
    expect(streamSources(service({ type: 'dynamodb', arn: { 'Fn::GetAtt': ['OrdersTable', 'StreamArn'] } }))).toEqual([
      {
        name: 'relay',
        functionName: 'orders-local-relay',
        tableName: 'orders-local',
        batchSize: 10,
        startingPosition: 'TRIM_HORIZON',
        filterPatterns: [],
        retries: 10,
      },
    ]);
  });

  it('refuse a stream that is not of a table the service declares', () => {
    expect(() => streamSources(service({ type: 'dynamodb', arn: 'arn:aws:dynamodb:eu-west-1:1:table/other/stream/x' }))).toThrow(
      /relay: the local cloud runs stream events of type dynamodb on a table of the service's own resources/,
    );
  });
});
