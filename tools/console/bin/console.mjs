#!/usr/bin/env node
// The console's server is TypeScript like the rest of the repository; tsx compiles it on the fly.
import { register } from 'tsx/esm/api';

register();
await import('../server/cli.ts');
