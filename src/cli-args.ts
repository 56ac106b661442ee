/** The CLI's flags: --help text and argument parsing, from the one list of inputs and outputs. */
import { UserError } from './errors.js';
import { INPUTS, INPUT_NAMES, OUTPUTS } from './inputs.js';
// The bundle inlines package.json (esbuild), so the installed CLI prints the version it was built as.
import packageJson from '../package.json' with { type: 'json' };

/** The CLI's own version: package.json's "version". */
export const CLI_VERSION: string = packageJson.version;

/** Inputs the CLI never takes as an argument (src/cli-main.ts reads them from a file or a variable). */
const SECRET_INPUTS = new Set(['windows-certificate', 'windows-certificate-password', 'macos-certificate', 'macos-certificate-password', 'notary-key']);

export function usage(): string {
  const width = Math.max(...INPUTS.map((i) => i.name.length)) + 4;
  const lines = [
    'Usage: go-fyne-action [--input value ...]',
    '       go-fyne-action lipo -create a b -output c | -info f | -thin arch -output x f | -verify_arch arch... f',
    '       go-fyne-action --help',
    '       go-fyne-action --version',
    '',
    'Installs Go (and builds, caches and packages a Go/Fyne app) exactly as the GitHub Action does,',
    'with tools and caches under ~/.cache/go-fyne-action (env GO_FYNE_ACTION_CACHE).',
    '',
    'Inputs (every action input as a flag, but the secrets: see Secrets below):',
    ...INPUTS.filter((i) => !SECRET_INPUTS.has(i.name)).map((i) => `  --${i.name.padEnd(width)}${i.help}${i.default ? ` [default: ${i.default}]` : ''}`),
    '',
    'Secret inputs (from a file or a variable only, see Secrets below):',
    ...INPUTS.filter((i) => SECRET_INPUTS.has(i.name)).map((i) => `  ${i.name.padEnd(width + 2)}${i.help}`),
    '',
    'Outputs are printed to stdout as name=value lines:',
    ...OUTPUTS.map((o) => `  ${o.name.padEnd(width + 2)}${o.help}`),
  ];
  return lines.join('\n');
}

/**
 * Boolean inputs may be given bare (`--check-latest`). The CLI takes no positional arguments, so
 * a word after a boolean flag is its value, and the input kit judges it (`--cache yes` is refused
 * there with the same message as `cache: yes` in a workflow).
 */
const BOOLEAN = new Set(INPUTS.filter((i) => i.kind.type === 'boolean').map((i) => i.name));

export function parseArgs(argv: string[]): Map<string, string> {
  const inputs = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UserError(`unexpected argument ${JSON.stringify(arg)}; flags look like --go-version 1.23 (see --help)`);
    let name = arg.slice(2);
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    if (!INPUT_NAMES.has(name)) throw new UserError(`unknown flag --${name}; see --help for the inputs`);
    if (value === undefined) {
      const next = argv.at(i + 1);
      if (BOOLEAN.has(name) && (next === undefined || next.startsWith('--'))) value = 'true';
      else if (next === undefined) throw new UserError(`flag --${name} needs a value`);
      else value = argv[++i]!;
    }
    inputs.set(name, value);
  }
  return inputs;
}
