/**
 * Runs the System packages stage's real code (ensureDeps with the cache layer's hooks, then the
 * post step's save) inside a fresh root, against a local cache store. Bundled by
 * system-packages.test.ts; argv: <store dir> <package>...; prints one JSON line at the end.
 */
import { ensureDeps, type DepsPlan } from '../../src/deps/index.js';
import { saveSystemLayer, systemLayerHooks, type SystemLayerState } from '../../src/cache/system-layer.js';
import { LocalBackend } from '../../src/cache/local-backend.js';
import { ownRoot } from '../../src/system/confine.js';

const [store, ...packages] = process.argv.slice(2);
ownRoot(store); // the CLI's store, as runMain registers it
const log = { info: (m: string) => console.log(m), warning: (m: string) => console.log(`WARNING: ${m}`), debug: () => undefined };
const plan: DepsPlan = { system: 'apt', packages, foreignArchs: [], hostArch: 'amd64', reasons: {}, xcode: false, commands: {} };
let saved = '';
const layer = systemLayerHooks({
  log,
  env: process.env,
  dir: '/tmp/go-fyne-action-syspkg',
  keyPrefix: 'gfa-test',
  save: { save: true, why: 'test' },
  backend: () => Promise.resolve(new LocalBackend(store, log)),
  saveState: (json) => (saved = json),
});
const started = Date.now();
const r = await ensureDeps(plan, { mode: 'true', ci: true, log: (l) => console.log(l), isRoot: process.getuid?.() === 0, layer: layer.hooks });
const stageMs = Date.now() - started;
const save = saved ? await saveSystemLayer(JSON.parse(saved) as SystemLayerState, new LocalBackend(store, log), log) : undefined;
console.log(`RESULT ${JSON.stringify({ restored: r.restored, installed: r.installed, outcome: layer.outcome(), stageMs, save })}`);
