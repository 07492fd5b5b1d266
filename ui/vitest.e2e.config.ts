import { defineConfig } from 'vitest/config';

// Browser end-to-end tests: the real server binary and Debian's chromium (e2e/README in ui/README.md).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    reporters: ['verbose'],
  },
});
