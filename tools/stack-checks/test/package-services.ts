import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageServices } from './templates.js';

/** Packages every service once for all the test files, which read the result from PACKAGED_SERVICES. */
export default async function setup(): Promise<void> {
  const file = join(mkdtempSync(join(tmpdir(), 'stack-checks-')), 'packaged.json');
  writeFileSync(file, JSON.stringify(await packageServices('qa')));
  process.env['PACKAGED_SERVICES'] = file;
}
