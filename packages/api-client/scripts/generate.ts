import { writeFileSync } from 'node:fs';
import { renderGeneratedFiles } from './generated-files.js';

for (const [path, content] of Object.entries(await renderGeneratedFiles())) {
  writeFileSync(path, content);
  console.log(`wrote ${path}`);
}
