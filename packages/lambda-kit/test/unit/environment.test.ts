import { describe, expect, it } from 'vitest';
import { MissingConfigurationError, readEnvironment } from '../../src/environment.js';

describe('readEnvironment', () => {
  it('returns every requested variable by name', () => {
    const config = readEnvironment(['TABLE_NAME', 'TOPIC_ARN'], { TABLE_NAME: 'orders', TOPIC_ARN: 'arn:x', OTHER: 'y' });

    expect(config).toEqual({ TABLE_NAME: 'orders', TOPIC_ARN: 'arn:x' });
  });

  it('names every missing or empty variable in one error', () => {
    const read = () => readEnvironment(['TABLE_NAME', 'TOPIC_ARN', 'QUEUE_URL'], { TOPIC_ARN: '', QUEUE_URL: 'q' });

    expect(read).toThrow(MissingConfigurationError);
    expect(read).toThrow('missing environment variables: TABLE_NAME, TOPIC_ARN');
  });

  it('returns a configuration that cannot be changed later', () => {
    const config = readEnvironment(['A'], { A: '1' });

    expect(Object.isFrozen(config)).toBe(true);
  });
});
