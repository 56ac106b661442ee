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
// an output file that names `require` gets a require shim (the banner). esbuild routes every
// require() of the bundled code through its one `__require` helper, so in practice that is the
// chunk holding the helper: the banner is dropped from every other file after the build
// (createRequire() per module loaded cost ~6-10 ms of CPU over the ~40 files a setup-only run
// loads; scripts/bench/install.mjs). A file keeps it whenever `require` appears in it as anything
// but an object key or inside a quoted string, so a doubt keeps the shim.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const banner = ["import { createRequire as __gfaCreateRequire } from 'node:module';", 'const require = __gfaCreateRequire(import.meta.url);'].join('\n');

/** Whether the code names `require` other than as an object key (`{ require: ...}`, `, require:`) or inside a quoted string. */
function namesRequire(code) {
  const unquoted = code.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""');
  for (const m of unquoted.matchAll(/(?<![\w$.])require(?![\w$])/g)) {
    const key = /[{,]\s*$/.test(unquoted.slice(Math.max(0, m.index - 40), m.index)) && /^\s*:/.test(unquoted.slice(m.index + 7, m.index + 47));
    if (!key) return true;
  }
  return false;
}

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

// The require shim only where `require` is named (see the top of this file).
const outputs = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? outputs(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : []));
for (const file of outputs(outdir)) {
  const text = readFileSync(file, 'utf8');
  const hashbang = /^#![^\n]*\n/.exec(text)?.[0] ?? ''; // cli.js
  if (!text.startsWith(`${banner}\n`, hashbang.length)) throw new Error(`${file}: the require shim is not where esbuild puts the banner`);
  const body = text.slice(hashbang.length + banner.length + 1);
  if (!namesRequire(body)) writeFileSync(file, hashbang + body);
}
