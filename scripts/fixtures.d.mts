export declare const TEST_GO_VERSION: string;
export interface Fixtures {
  version: string;
  module: string;
  moduleVersion: string;
  zip: string;
  mod: string;
  h1: string;
  tarball: string;
  tarballSha256: string;
  tarballSize: number;
}
export declare function ensureFixtures(opts?: { quiet?: boolean }): Fixtures;
export declare function prefetchModules(opts?: { quiet?: boolean }): void;
