import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderGeneratedFiles } from '../../scripts/generated-files.js';

describe('the generated validators', () => {
  it('are up to date with the event schemas (run `pnpm --filter @ecommerce/shared-events generate`)', () => {
    for (const [path, expected] of Object.entries(renderGeneratedFiles())) {
      expect(readFileSync(path, 'utf8'), path).toBe(expected);
    }
  });
});
