// Bundles each entry point into one ESM file under dist/. The @actions/* packages are ESM-only
// and some of their dependencies still call require(), so the bundle gets a require shim.
import { build } from 'esbuild';

const banner = ["import { createRequire as __gfaCreateRequire } from 'node:module';", 'const require = __gfaCreateRequire(import.meta.url);'].join('\n');

await build({
  entryPoints: { main: 'src/main.ts', post: 'src/post.ts', cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outExtension: { '.js': '.js' },
  banner: { js: banner },
  legalComments: 'none',
  logLevel: 'warning',
  sourcemap: false,
});
