/**
 * Untrusted text on its way to the log, an annotation or the job summary (src/system/escape.ts),
 * through the Runtimes every step logs with (src/runtime/github.ts over @actions/core, and
 * src/runtime/local.ts for the CLI): no line can become a workflow command, nothing acts on the
 * terminal, and the summary carries no HTML, links or table breaks.
 */
import { jest } from '@jest/globals';
import { githubRuntime } from '../../src/runtime/github.js';
import { localRuntime } from '../../src/runtime/local.js';
import { renderSummaryMarkdown } from '../../src/release/summary.js';
import { annotationText, controlFree, logText, markdownText } from '../../src/system/escape.js';

/** Whether the GitHub runner would read this output line as a workflow command (actions/runner ActionCommand TryParseV2 and TryParse). */
function isCommand(line: string): boolean {
  return line.trimStart().startsWith('::') || line.includes('##[');
}
/** Output lines as the runner splits them (\n, \r, \r\n). */
const runnerLines = (out: string): string[] => out.split(/\r\n|\r|\n/);

const HOSTILE = [
  'app\n::warning title=X::owned',
  'app\r::error file=a.go,line=1::owned',
  'app\r\n  ::add-mask::x',
  'name ##[warning]owned',
  'app\n\t::set-env name=NODE_OPTIONS::--require /tmp/x.js',
  'a\u2028::stop-commands::tok',
  '::endgroup::',
];

/** Captures what @actions/core writes to stdout while fn runs. */
function stdoutOf(fn: () => void): string {
  let out = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return out;
}

describe('logText', () => {
  test.each(HOSTILE)('%j is never a workflow command, and stays readable', (s) => {
    const out = logText(s);
    expect(runnerLines(out).filter(isCommand)).toEqual([]);
    expect(out.replace(/\u2060/g, '').replace(/^> /gm, '')).toBe(controlFree(s)); // nothing dropped, only marked
    expect(out).not.toMatch(/\r/);
  });

  test('terminal control sequences are made visible; plain text and tabs are left alone', () => {
    expect(logText('a\x1b[2Jb\x07c\bd')).toBe('a\\x1b[2Jb\\x07c\\x08d');
    expect(logText('\u202egnp.exe')).toBe('\\u202egnp.exe');
    expect(logText('hello_windows_amd64.exe\tsigned 100%')).toBe('hello_windows_amd64.exe\tsigned 100%');
    expect(logText('line one\nline two')).toBe('line one\nline two');
    expect(controlFree('a\r\nb\rc')).toBe('a\nb\nc');
  });
});

describe('the Runtimes escape every message', () => {
  test('GitHub: info and debug lines never become commands; warning/error stay one command each', () => {
    const rt = githubRuntime({ RUNNER_TEMP: process.env.TMPDIR, RUNNER_TOOL_CACHE: process.env.TMPDIR });
    for (const s of HOSTILE) {
      const info = stdoutOf(() => rt.info(s));
      expect(runnerLines(info.trimEnd()).filter(isCommand)).toEqual([]);
      const warning = runnerLines(stdoutOf(() => rt.warning(s)).trimEnd());
      expect(warning).toHaveLength(1);
      expect(warning[0]).toMatch(/^::warning::/);
      const error = runnerLines(stdoutOf(() => rt.error(s)).trimEnd());
      expect(error).toHaveLength(1);
      expect(error[0]).toMatch(/^::error::/);
      const debug = runnerLines(stdoutOf(() => rt.debug(s)).trimEnd());
      expect(debug).toHaveLength(1);
      expect(debug[0]).toMatch(/^::debug::/);
    }
    expect(stdoutOf(() => rt.info('\x1b]0;title\x07'))).toBe('\\x1b]0;title\\x07\n');
  });

  test('CLI: every stderr line is safe too (the CLI may run inside a workflow step)', () => {
    const lines: string[] = [];
    const rt = localRuntime(new Map(), { env: { GO_FYNE_ACTION_CACHE: process.env.TMPDIR, GO_FYNE_ACTION_DEBUG: '1' }, err: (s) => lines.push(s) });
    for (const s of HOSTILE) {
      rt.info(s);
      rt.warning(s);
      rt.error(s);
      rt.debug(s);
    }
    expect(lines.flatMap(runnerLines).filter(isCommand)).toEqual([]);
  });
});

describe('annotationText', () => {
  test('control characters are made visible; newlines stay for @actions/core to %-encode', () => {
    expect(annotationText('a\x1b[31mb\nc')).toBe('a\\x1b[31mb\nc');
  });
});

describe('markdownText and the summary', () => {
  test.each([
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['a|b', 'a\\|b'],
    ['`code`', '\\`code\\`'],
    ['[click](https://evil.example)', '\\[click\\](https://evil.example)'],
    ['![x](https://evil.example/p.png)', '!\\[x\\](https://evil.example/p.png)'],
    ['&lt;script&gt;', '&amp;lt;script&amp;gt;'],
    ['**bold** _em_ ~~gone~~', '\\*\\*bold\\*\\* \\_em\\_ \\~\\~gone\\~\\~'],
    ['hello_windows_amd64.exe', 'hello_windows_amd64.exe'],
    ['hello-fyne_1.2.3~rc.1-4_amd64.deb', 'hello-fyne_1.2.3~rc.1-4_amd64.deb'],
    ['line\nbreak', 'line break'],
  ])('%j → %j', (input, out) => {
    expect(markdownText(input)).toBe(out);
  });

  test('every cell of the table, the versions and the jobs of a fan-in are escaped', () => {
    const md = renderSummaryMarkdown({
      goVersion: '1.23.4<script>',
      fyneVersion: 'v2.5.0|x',
      releaseVersion: '<b>1</b>',
      rows: [{ target: 'windows/amd64<br>', file: 'a|b\n| x | y |\n<img src=x>', size: 1, job: '`job`<i>', sha256: '[x](http://e)' }],
      cache: [],
    });
    expect(md).not.toMatch(/<(?!\/?(?:br)>)/); // no tag at all
    expect(md).not.toContain('<');
    expect(md).not.toMatch(/[^\\]\[x\]/);
    const tableRows = md.split('\n').filter((l) => l.startsWith('|'));
    expect(tableRows).toHaveLength(3); // header, rule, one row: no row injected
    expect(tableRows[2].replace(/\\\|/g, '').split('|')).toHaveLength(7); // 5 cells
  });
});
