import { defineTestConfig } from '@ecommerce/local-cloud/vitest';

export default defineTestConfig();
