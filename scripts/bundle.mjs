// Bundles the entry points (main, post, cli) into ESM under dist/, split into chunks: what a run
// needs at start is in the entry file and the chunks it imports statically; what only some runs
// need (the GitHub cache client, the compile engine, signing, packaging, the fan-in, the release
// writers) is in chunks loaded by the dynamic import() at the step boundaries (src/pipeline.ts,
// src/steps/cache.ts). Chunk names carry a content hash, so a fresh bundle is byte-identical to
// the committed one; dist/ is emptied first so a chunk that is no longer made does not linger
// (.ci/run compares dist/ with a fresh bundle, added and removed files included).
//
// @actions/core's only import of an HTTP stack is its OIDC client (core.getIDToken, which nothing
// here calls): @actions/http-client and undici, ~0.8 MB, evaluated at start by every step. The
// plugin below hands core.js a stand-in whose getIDToken loads the real client with import() (a
// chunk of its own), so the HTTP stack is parsed only by a run that asks for a token. Measured:
// `import '@actions/core'` costs 146 ms of CPU on node 24 here, undici alone 119 ms (perf stat
// task-clock, `node -e 0` 32 ms); see scripts/bench/install.mjs for the step as a whole.
//
// The @actions/* packages are ESM-only and some of their dependencies still call require(), so
// every output file (entries and chunks alike: each is a module of its own) gets a require shim.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

const banner = ["import { createRequire as __gfaCreateRequire } from 'node:module';", 'const require = __gfaCreateRequire(import.meta.url);'].join('\n');

const outdir = 'dist';
for (const name of readdirSync(outdir, { withFileTypes: true })) {
  if (name.isDirectory() ? name.name === 'chunks' : name.name.endsWith('.js')) rmSync(join(outdir, name.name), { recursive: true, force: true });
}

/** core.js's `./oidc-utils.js`, statically imported, becomes a stand-in that imports the real one on first use. */
const lazyOidc = {
  name: 'lazy-actions-core-oidc',
  setup(b) {
    b.onResolve({ filter: /^\.\/oidc-utils\.js$/ }, (args) => {
      if (args.kind !== 'import-statement' || !/[\\/]@actions[\\/]core[\\/]lib[\\/]core\.js$/.test(args.importer)) return undefined;
      return { path: join(dirname(args.importer), 'oidc-utils.js'), namespace: 'lazy-oidc' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-oidc' }, (args) => ({
      resolveDir: dirname(args.path),
      loader: 'js',
      contents: [
        '// go-fyne-action bundle: the OIDC client (and its HTTP stack) is loaded on first use.',
        'export class OidcClient {',
        '  static async getIDToken(audience) {',
        "    const { OidcClient: Real } = await import('./oidc-utils.js');",
        '    return Real.getIDToken(audience);',
        '  }',
        '}',
      ].join('\n'),
    }));
  },
};

await build({
  plugins: [lazyOidc],
  entryPoints: { main: 'src/main.ts', post: 'src/post.ts', cli: 'src/cli.ts' },
  outdir,
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outExtension: { '.js': '.js' },
  banner: { js: banner },
  legalComments: 'none',
  logLevel: 'warning',
  sourcemap: false,
});
