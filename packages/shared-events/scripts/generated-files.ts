import { fileURLToPath } from 'node:url';
import { renderStandaloneValidators } from '@ecommerce/json-validation/standalone';
import { eventTypes } from '../src/catalog.js';
import { envelopeSchema, eventSchema } from '../src/schemas/envelope.js';

/** Every file generated from the event schemas, by path, with its expected content. */
export const renderGeneratedFiles = (): Record<string, string> =>
  renderStandaloneValidators({
    module: fileURLToPath(new URL('../src/generated/event-validators', import.meta.url)),
    dialect: 'draft-07',
    schemas: [envelopeSchema, ...eventTypes.map((type) => eventSchema(type))],
    exports: {
      envelope: envelopeSchema.$id,
      ...Object.fromEntries(eventTypes.map((type) => [type, eventSchema(type).$id])),
    },
    banner:
      '// Generated from packages/shared-events/src/schemas by `pnpm --filter @ecommerce/shared-events generate`. Do not edit.',
  });
