export declare const TEST_GO_VERSION: string;
/** The user's test cache shared by every clone of the machine (scripts/fixtures.mjs). */
export declare const TEST_CACHE: string;
/** The Go build cache the build tests share, in TEST_CACHE. */
export declare const TEST_GOCACHE: string;
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
