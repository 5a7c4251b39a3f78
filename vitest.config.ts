import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Creates this run's PostgreSQL database, or says how to enable the PostgreSQL suites.
    globalSetup: ['test/storage/pg-global-setup.ts'],
    environment: 'node',
    pool: 'forks',
    // Workers: vitest's default (cores − 1) runs one file at a time on a 2-core CI machine. Two workers
    // took a full run from ~135 s to ~80 s there, but share both cores with the bots under test; the
    // default stays, since CI time is far from its limit and a green run every time is what counts.
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/e2e/**'],
          testTimeout: 20_000,
          hookTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // An end-to-end test runs the whole bot, its fakes and the test in one process, a step after
          // another, each bounded by its own wait (15 s unless told) that names what did not come; on a
          // loaded 2-core CI machine those steps add up past 20 s, so only a hang stops a test here.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
