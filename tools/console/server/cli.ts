import { fileURLToPath } from 'node:url';
import { listDeadLetters, localCloud, redriveDeadLetter } from '@ecommerce/local-cloud';
import { createServer, type ProxyOptions } from 'vite';
import { deadLetterRoutes } from './dead-letter-routes.js';
import { upstreams } from './upstreams.js';

/**
 * The console's server (`pnpm dev` starts it as part of the local cloud): Vite serves the page, and
 * forwards each API the page calls to the part of the local cloud that answers it, so that the
 * page has a single origin and none of those APIs needs CORS. The dead-letter store has no HTTP API
 * of its own; dead-letter-routes.ts gives it one here.
 */
const { url: origin, port } = localCloud.console;

const proxy = Object.fromEntries(
  Object.entries(upstreams).map(([prefix, target]): [string, ProxyOptions] => [
    prefix,
    { target, changeOrigin: true, rewrite: (path) => path.slice(prefix.length) || '/' },
  ]),
);

const server = await createServer({
  root: fileURLToPath(new URL('..', import.meta.url)),
  configFile: false,
  clearScreen: false,
  logLevel: 'warn',
  server: { host: localCloud.host, port, strictPort: true, proxy, hmr: false },
  plugins: [
    {
      name: 'dead-letters',
      configureServer: (vite) => {
        vite.middlewares.use(deadLetterRoutes({ list: listDeadLetters, redrive: redriveDeadLetter }, origin));
      },
    },
  ],
});
await server.listen();
console.log(`console: ${origin}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void server.close().then(() => process.exit(0)));
}
