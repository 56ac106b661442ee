/** Jest runs TypeScript sources as ESM through ts-jest. Integration tests run the bundled dist/. */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testTimeout: 600000,
  // npm test runs two workers: every suite is independent (own temp dirs, loopback servers on
  // ephemeral ports, caches either shared and concurrency-safe like GOCACHE, or per suite), and
  // the sequencer starts the long cgo builds first so the rest runs beside them.
  testSequencer: '<rootDir>/scripts/jest-sequencer.mjs',
  // one temp folder per run (TMPDIR), removed at the end: scripts/jest-tmpdir.mjs
  globalSetup: '<rootDir>/scripts/jest-tmpdir.mjs',
  globalTeardown: '<rootDir>/scripts/jest-tmpdir-teardown.mjs',
};
