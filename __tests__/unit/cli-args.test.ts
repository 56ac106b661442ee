/** src/cli-args.ts: every input is a --flag, listed by --help; the argument parser. */
import { INPUTS } from '../../src/inputs.js';
import { parseArgs, usage } from '../../src/cli-args.js';

test('every input is a CLI flag listed by --help with its default (the two secrets by their file flags)', () => {
  const help = usage();
  for (const i of INPUTS) {
    if (i.name === 'windows-certificate' || i.name === 'windows-certificate-password') {
      expect(help).not.toMatch(new RegExp(`^  --${i.name} `, 'm'));
      continue;
    }
    expect(help).toContain(`--${i.name}`);
    if (i.default) expect(help).toContain(`[default: ${i.default}]`);
  }
});

test('CLI flags: --name value, --name=value, bare booleans, one-line errors', () => {
  const m = parseArgs(['--go-version', '1.23', '--targets=linux/amd64 windows/amd64', '--check-latest', '--cache', 'false', '--universal']);
  expect(Object.fromEntries(m)).toEqual({
    'go-version': '1.23',
    targets: 'linux/amd64 windows/amd64',
    'check-latest': 'true',
    cache: 'false',
    universal: 'true',
  });
  expect(parseArgs(['--report', 'out/report.json']).get('report')).toBe('out/report.json'); // every input, the report too
  expect(() => parseArgs(['--bogus', '1'])).toThrow(/^unknown flag --bogus; see --help/);
  expect(() => parseArgs(['--go-version'])).toThrow(/^flag --go-version needs a value$/);
  expect(() => parseArgs(['1.23'])).toThrow(/^unexpected argument "1.23"/);
});

test('the renamed inputs (issue 21): the new flags are taken, the old names are unknown flags (no aliases)', () => {
  const m = parseArgs(['--main-package', './cmd/app', '--build-tags', 'a,b', '--fyne-release=false', '--cache-modules', 'vendor', '--app-version', '1.2.3']);
  expect(Object.fromEntries(m)).toEqual({
    'main-package': './cmd/app',
    'build-tags': 'a,b',
    'fyne-release': 'false',
    'cache-modules': 'vendor',
    'app-version': '1.2.3',
  });
  expect(parseArgs(['--fyne-release']).get('fyne-release')).toBe('true'); // a bare boolean, as before
  for (const old of ['package', 'tags', 'release', 'modules', 'version']) {
    expect(() => parseArgs([`--${old}`, 'x'])).toThrow(new RegExp(`^unknown flag --${old}; see --help`));
  }
});

test('--help names --version', () => {
  expect(usage()).toMatch(/^ {7}go-fyne-action --version$/m);
});
