// @ts-check
/**
 * aws-ses-v2-local, the SES v2 endpoint and mailbox, kept across starts when asked: its mailbox
 * lives in its process's memory, with no way to store it, so this starts its server in this process
 * and, given a file, loads the emails kept there first and writes them back whenever they change
 * (checked once a second) and when the process is stopped.
 *
 * Usage: node ses-mailbox.mjs <host> <port> [<file>]
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);
/** @type {{ getStoreReadonly(): { emails: unknown[] } }} */
const { getStoreReadonly } = require('aws-ses-v2-local/dist/store.js');
/** @type {{ default: (config: { host: string, port: number }) => Promise<unknown> }} */
const { default: startServer } = require('aws-ses-v2-local');

const [host = '127.0.0.1', port = '8005', file] = process.argv.slice(2);
// The store's object itself: emptying the mailbox (DELETE /store) gives it a new array.
const store = getStoreReadonly();
if (file && existsSync(file)) store.emails.push(...JSON.parse(readFileSync(file, 'utf8')));

await startServer({ host, port: Number(port) });
console.log(`aws-ses-v2-local: server running at http://${host}:${port}${file ? `, its mailbox kept in ${file}` : ''}`);

if (file) {
  mkdirSync(dirname(file), { recursive: true });
  let written = store.emails;
  let writtenCount = store.emails.length;
  const keep = () => {
    if (store.emails === written && store.emails.length === writtenCount) return;
    // Renamed into place, so that a process killed while writing leaves the last whole mailbox.
    writeFileSync(`${file}.next`, JSON.stringify(store.emails));
    renameSync(`${file}.next`, file);
    written = store.emails;
    writtenCount = store.emails.length;
  };
  setInterval(keep, 1_000);
  for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT'])) {
    process.once(signal, () => {
      keep();
      process.exit(0);
    });
  }
}
