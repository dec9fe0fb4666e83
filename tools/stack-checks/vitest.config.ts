import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          globalSetup: ['test/package-services.ts'],
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
