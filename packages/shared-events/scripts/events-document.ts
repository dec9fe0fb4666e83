import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { buildAsyncApiDocument } from '../src/asyncapi.js';

export const eventsDocumentPath = fileURLToPath(new URL('../../../resources/events.yaml', import.meta.url));

export const renderEventsDocument = (): string =>
  `# Generated from packages/shared-events/src/catalog.ts; edit the schemas there, then run\n` +
  `#   pnpm --filter @ecommerce/shared-events generate:asyncapi\n` +
  stringify(buildAsyncApiDocument(), { lineWidth: 0, aliasDuplicateObjects: false });
