// globalTeardown: removes the run's temp folder (scripts/jest-tmpdir.mjs).
export { teardown as default } from './jest-tmpdir.mjs';
