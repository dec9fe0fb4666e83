import { defineTestConfig } from './vitest-config.mjs';

export default defineTestConfig();
