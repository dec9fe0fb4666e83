import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderGeneratedFiles } from '../../scripts/generated-files.js';

describe('the generated client', () => {
  it('is up to date with resources/openapi.yaml (run `pnpm --filter @ecommerce/api-client generate`)', async () => {
    for (const [path, expected] of Object.entries(await renderGeneratedFiles())) {
      expect(readFileSync(path, 'utf8'), path).toBe(expected);
    }
  });
});
