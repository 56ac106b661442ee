// The confinement rule (issue 18): a write-capable node:fs call may be imported only by the
// homes that check where it writes: src/system/confine.ts (output-dir, the report, package
// folders: WriteRoot; repository and job files: ReadRoot), src/system/owned-fs.ts (the action's
// own temp, tool cache and cache places), src/system/fs.ts (helpers over those), and the archive
// extractors in src/archive/ (which confine every entry themselves: src/archive/safe-path.ts).
// Anywhere else in src/ the import is an error, so a new feature cannot write around them.
// eslint.config.mjs applies it; __tests__/unit/lint-confine.test.ts proves it fires.

/** Functions of node:fs and node:fs/promises that create, change or remove files, or open them for writing. */
export const WRITE_CAPABLE = [
  'promises',
  'writeFile',
  'writeFileSync',
  'appendFile',
  'appendFileSync',
  'open',
  'openSync',
  'createWriteStream',
  'mkdir',
  'mkdirSync',
  'mkdtemp',
  'mkdtempSync',
  'rm',
  'rmSync',
  'rmdir',
  'rmdirSync',
  'rename',
  'renameSync',
  'copyFile',
  'copyFileSync',
  'cp',
  'cpSync',
  'chmod',
  'chmodSync',
  'lchmod',
  'chown',
  'chownSync',
  'lchown',
  'symlink',
  'symlinkSync',
  'link',
  'linkSync',
  'unlink',
  'unlinkSync',
  'truncate',
  'truncateSync',
  'utimes',
  'utimesSync',
  'lutimes',
  'write',
  'writeSync',
  'writev',
];

const message =
  'writes and opens go through src/system/confine.ts (WriteRoot/ReadRoot) or src/system/owned-fs.ts (the action’s own places); see eslint.confine.mjs';

const restricted = ['node:fs', 'fs', 'node:fs/promises', 'fs/promises'].map((name) => ({ name, importNames: WRITE_CAPABLE, message }));

const processMessage =
  'programs run through src/system/process.ts (run, runOk, spawnPiped): argv arrays and the one child environment without inputs, tokens or secrets';
const childProcess = ['node:child_process', 'child_process'].map((name) => ({ name, message: processMessage }));

/** The homes allowed to import write-capable node:fs functions. */
export const CONFINE_HOMES = ['src/system/confine.ts', 'src/system/owned-fs.ts', 'src/system/fs.ts', 'src/archive/**'];
/** The one home that runs programs. */
export const PROCESS_HOME = 'src/system/process.ts';

const dynamicFs = [
  { selector: 'ImportExpression[source.value=/^(node:)?fs(\\u002Fpromises)?$/]', message },
  { selector: "CallExpression[callee.name='require'][arguments.0.value=/^(node:)?fs(\\u002Fpromises)?$/]", message },
  { selector: 'ImportExpression[source.value=/^(node:)?child_process$/]', message: processMessage },
];

/**
 * ESLint applies one set of options per rule and file (a later block replaces an earlier one's),
 * so the three kinds of file get one block each: features (neither), the file homes (no
 * child_process), the process home (no fs writes).
 */
export const confineConfigs = [
  {
    files: ['src/**/*.ts'],
    ignores: [...CONFINE_HOMES, PROCESS_HOME],
    rules: { 'no-restricted-imports': ['error', { paths: [...restricted, ...childProcess] }], 'no-restricted-syntax': ['error', ...dynamicFs] },
  },
  {
    files: CONFINE_HOMES,
    rules: { 'no-restricted-imports': ['error', { paths: childProcess }], 'no-restricted-syntax': ['error', dynamicFs[2]] },
  },
  { files: [PROCESS_HOME], rules: { 'no-restricted-imports': ['error', { paths: restricted }] } },
];
