/** The CLI's --help text, from the one list of inputs and outputs. */
import { INPUTS, OUTPUTS } from './inputs.js';

export function usage(): string {
  const width = Math.max(...INPUTS.map((i) => i.name.length)) + 4;
  const lines = [
    'Usage: go-fyne-action [--input value ...]',
    '       go-fyne-action lipo -create a b -output c | -info f | -thin arch -output x f | -verify_arch arch... f',
    '',
    'Installs Go (and builds, caches and packages a Go/Fyne app) exactly as the GitHub Action does,',
    'with tools and caches under ~/.cache/go-fyne-action (env GO_FYNE_ACTION_CACHE).',
    '',
    'Inputs (every action input, as a flag):',
    ...INPUTS.map((i) => `  --${i.name.padEnd(width)}${i.help}${i.default ? ` [default: ${i.default}]` : ''}`),
    '',
    'Outputs are printed to stdout as name=value lines:',
    ...OUTPUTS.map((o) => `  ${o.name.padEnd(width + 2)}${o.help}`),
  ];
  return lines.join('\n');
}

