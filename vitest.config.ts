import { defineConfig } from 'vitest/config';

// Two tiers (README, "Kiểm thử"): `fast` is the inner loop of unit tests (`npm run test:fast`); `slow` runs the
// commands end to end, real processes (*.process.test.ts), the office checks (*-office.test.ts), the fixture
// generators and the suites under test/. `npm test` runs both, after the typecheck. The fast tier shares one module
// graph across its files (threads, no isolation: about 12 s instead of 30 s on two cores); nothing in it mocks a module
// or changes the process — such a test belongs in the slow tier.
const SLOW = ['src/commands/**/*.test.ts', 'src/**/*.process.test.ts', 'src/**/*-office.test.ts', 'tools/**/*.test.ts', 'test/**/*.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'fast', include: ['src/**/*.test.ts', 'tools/**/*.test.ts'], exclude: SLOW, pool: 'threads', isolate: false } },
      { extends: true, test: { name: 'slow', include: SLOW } },
    ],
  },
});
