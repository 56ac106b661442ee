import { UserError } from '../../src/errors.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderSummaryMarkdown, renderSummaryText, rowsFromArtifacts, withTold, type SummaryData } from '../../src/release/summary.js';
import { localRuntime } from '../../src/runtime/local.js';
import { resolveVersion } from '../../src/release/version.js';

const data: SummaryData = {
  goVersion: '1.26.8',
  fyneVersion: 'v2.7.1',
  releaseVersion: '1.2.3',
  rows: [
    { target: 'linux/amd64', file: 'hello_linux_amd64', size: 12_345_678, buildMs: 83_400 },
    { target: 'windows/amd64', file: 'hello.exe', size: 900, buildMs: 450 },
    { target: 'darwin/universal', file: 'hello_1.2.3_darwin_universal.tar.gz', size: 3 * 1024 * 1024 },
  ],
  cache: [
    { layer: 'modules', result: 'prefix' },
    { layer: 'build', result: 'miss' },
  ],
};

describe('summary', () => {
  test('markdown: versions and one table with a row per file and a column per cache layer', () => {
    const md = renderSummaryMarkdown(data);
    expect(md).toContain('**Go** 1.26.8');
    expect(md).toContain('**Fyne** v2.7.1');
    const table = md.split('\n').filter((l) => l.startsWith('|'));
    expect(table[0]).toBe('| Target | File | Size | Build time | Cache: modules | Cache: build |');
    expect(table[1]).toBe('| --- | --- | ---: | ---: | --- | --- |');
    expect(table.slice(2)).toEqual([
      '| linux/amd64 | hello_linux_amd64 | 11.8 MiB | 1m 23s | prefix | miss |',
      '| windows/amd64 | hello.exe | 900 B | 450 ms | prefix | miss |',
      '| darwin/universal | hello_1.2.3_darwin_universal.tar.gz | 3.0 MiB | — | prefix | miss |',
    ]);
    expect(md.match(/^\| ---/gm)).toHaveLength(1); // one table only
  });

  test('plain text carries the same facts, aligned', () => {
    const txt = renderSummaryText(data);
    const lines = txt.split('\n');
    expect(lines[0]).toBe('Go 1.26.8, Fyne v2.7.1, release 1.2.3');
    expect(lines[2]).toMatch(/^Target\s+File\s+Size\s+Build time\s+Cache: modules\s+Cache: build$/);
    expect(lines[4]).toMatch(/^linux\/amd64\s+hello_linux_amd64\s+11\.8 MiB\s+1m 23s\s+prefix\s+miss$/);
    expect(lines[6]).toMatch(/^darwin\/universal\s+\S+\s+3\.0 MiB\s+-\s+prefix\s+miss$/);
    expect(txt).not.toContain('|');
    // The rule under the header gives every column's extent: as wide as its widest cell.
    const cols = [...lines[3].matchAll(/-+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
    expect(cols.map((c) => c.end - c.start)).toEqual([16, 35, 8, 10, 14, 12]);
    expect(lines[3]).toBe(cols.map((c) => '-'.repeat(c.end - c.start)).join('  '));
    const cells = [
      ['Target', 'File', 'Size', 'Build time', 'Cache: modules', 'Cache: build'],
      ['linux/amd64', 'hello_linux_amd64', '11.8 MiB', '1m 23s', 'prefix', 'miss'],
      ['windows/amd64', 'hello.exe', '900 B', '450 ms', 'prefix', 'miss'],
      ['darwin/universal', 'hello_1.2.3_darwin_universal.tar.gz', '3.0 MiB', '-', 'prefix', 'miss'],
    ];
    [lines[2], lines[4], lines[5], lines[6]].forEach((line, r) => {
      cells[r].forEach((cell, i) => {
        const { start, end } = cols[i];
        // Size and Build time end at their column's right edge; every other cell starts at its left edge.
        const at = i === 2 || i === 3 ? end - cell.length : start;
        expect(line.slice(at, at + cell.length)).toBe(cell);
        expect(line.slice(start, at).trim()).toBe('');
        expect(line.slice(at + cell.length, i + 1 < cols.length ? cols[i + 1].start : undefined).trim()).toBe('');
      });
    });
  });

  test('no files: one row of dashes under the cache columns', () => {
    const md = renderSummaryMarkdown({ goVersion: '1.22.0', rows: [], cache: data.cache });
    const table = md.split('\n').filter((l) => l.startsWith('|'));
    expect(table.slice(2)).toEqual(['| — | — | — | — | prefix | miss |']);
  });

  test('no Fyne, pipes escaped, helpers', () => {
    const md = renderSummaryMarkdown({ goVersion: '1.22.0', rows: [{ target: 'linux/amd64', file: 'a|b', size: 0 }], cache: [] });
    expect(md).toContain('**Fyne** not used');
    expect(md).toContain('| linux/amd64 | a\\|b | 0 B | — |');
    expect(
      rowsFromArtifacts([
        { target: 'linux/amd64', os: 'linux', arch: 'amd64', path: '/o/x', name: 'x', size: 1, sha256: '', kind: 'binary', buildMs: 5 },
        { target: '', os: '', arch: '', path: '/o/SHA256SUMS', name: 'SHA256SUMS', size: 1, sha256: '', kind: 'checksums' },
      ]),
    ).toEqual([{ target: 'linux/amd64', file: 'x', size: 1, buildMs: 5 }]);
    const app = { target: 'darwin/universal', os: 'darwin', arch: 'universal', path: '/o/A.app', name: 'A.app', size: 1, sha256: '', kind: 'app' as const };
    expect(
      rowsFromArtifacts([
        { ...app, signed: 'adhoc' },
        { ...app, signed: 'developer-id', notarized: true },
      ]).map((r) => r.file),
    ).toEqual(['A.app (signed: adhoc)', 'A.app (signed: developer-id, notarized)']);
  });
});

describe('under the table: the inputs this job does not use, and the warnings', () => {
  const told = {
    notices: ['windows-certificate: this job builds no Windows target, nothing to sign', 'maintainer: this job builds no Linux target, nothing to package'],
    warnings: ['linux-packages: no .deb or .rpm is made: this project is not a Fyne app (its go.mod does not require fyne.io/fyne/v2)'],
  };

  test('markdown: a "Not used by this job" list and a "Warnings" list after the one table', () => {
    const md = renderSummaryMarkdown({ ...data, ...told });
    const lines = md.split('\n');
    const lastRow = lines.map((l) => l.startsWith('|')).lastIndexOf(true);
    expect(lines.slice(lastRow + 1)).toEqual([
      '',
      '**Not used by this job**',
      '',
      '- windows-certificate: this job builds no Windows target, nothing to sign',
      '- maintainer: this job builds no Linux target, nothing to package',
      '',
      '**Warnings**',
      '',
      '- linux-packages: no .deb or .rpm is made: this project is not a Fyne app (its go.mod does not require fyne.io/fyne/v2)',
      '',
    ]);
    expect(md.match(/^\| ---/gm)).toHaveLength(1); // still one table
  });

  test('text: the same lists, indented under a heading', () => {
    const txt = renderSummaryText({ ...data, ...told });
    expect(txt.split('\n').slice(-8)).toEqual([
      '',
      'Not used by this job:',
      '  - windows-certificate: this job builds no Windows target, nothing to sign',
      '  - maintainer: this job builds no Linux target, nothing to package',
      '',
      'Warnings:',
      '  - linux-packages: no .deb or .rpm is made: this project is not a Fyne app (its go.mod does not require fyne.io/fyne/v2)',
      '',
    ]);
  });

  test('nothing told: no heading at all', () => {
    for (const d of [data, { ...data, notices: [], warnings: [] }]) {
      expect(renderSummaryMarkdown(d)).not.toMatch(/Not used|Warnings/);
      expect(renderSummaryText(d)).not.toMatch(/Not used|Warnings/);
    }
  });

  test('markdown-escaped: a warning carrying a file name cannot add HTML, links, a heading or a table', () => {
    const evil = ['# heading? <img src=x onerror=alert(1)> [click](https://evil.example) | a | b |', '1. not a list\n## nor this', '> quote `code` *em* _u_'];
    const md = renderSummaryMarkdown({ ...data, warnings: evil });
    const items = md.split('\n').filter((l) => l.startsWith('- '));
    expect(items).toEqual([
      '- \\# heading? &lt;img src=x onerror=alert(1)&gt; \\[click\\](https://evil.example) \\| a \\| b \\|',
      '- 1\\. not a list ## nor this',
      '- &gt; quote \\`code\\` \\*em\\* \\_u\\_',
    ]);
    expect(md).not.toContain('<img');
    expect(md.match(/^\| ---/gm)).toHaveLength(1);
  });

  test("withTold: the run's lines once each, in the order told; data that carries its own keeps them", () => {
    const t = { notices: ['a: x', 'b: y', 'a: x'], warnings: ['w'] };
    expect(withTold(data, t)).toEqual({ ...data, notices: ['a: x', 'b: y'], warnings: ['w'] });
    expect(withTold({ ...data, notices: ['own: z'] }, t)).toEqual({ ...data, notices: ['own: z'], warnings: ['w'] });
  });

  test('the CLI runtime: a notice is one "notice:" line, and the summary lists every notice and warning told before it', async () => {
    const err: string[] = [];
    const out: string[] = [];
    const cache = mkdtempSync(join(tmpdir(), 'summary-rt-'));
    const rt = localRuntime(new Map(), { env: { GO_FYNE_ACTION_CACHE: cache, PATH: process.env.PATH }, out: (s) => out.push(s), err: (s) => err.push(s) });
    rt.notice(told.notices[0]);
    rt.warning(told.warnings[0]);
    rt.info('an info line is not listed');
    await rt.summary({ goVersion: '1.22.0', rows: [], cache: [] });
    expect(err).toEqual([`  notice: ${told.notices[0]}`, `  warning: ${told.warnings[0]}`, '  an info line is not listed']);
    expect(out).toHaveLength(1);
    expect(out[0]).toContain(`Not used by this job:\n  - ${told.notices[0]}\n\nWarnings:\n  - ${told.warnings[0]}`);
    expect(out[0]).not.toContain('an info line');
  });
});

describe('version', () => {
  test('tags: leading v stripped when a digit follows (goreleaser .Version)', () => {
    expect(resolveVersion({ input: '', ref: 'refs/tags/v1.2.3', sha: 'abcdef0123456789' })).toEqual({ version: '1.2.3', source: 'tag' });
    expect(resolveVersion({ input: '', ref: 'refs/tags/1.0.0-rc.1' }).version).toBe('1.0.0-rc.1');
    expect(resolveVersion({ input: '', ref: 'refs/tags/version-2' }).version).toBe('version-2');
    expect(resolveVersion({ input: '', ref: 'refs/tags/release/1.0' }).version).toBe('release-1.0');
  });

  test('branches use the short commit; local falls back to git; input wins as given', () => {
    expect(resolveVersion({ input: '', ref: 'refs/heads/main', sha: 'ABCDEF0123456789abcdef0123456789abcdef01' })).toEqual({
      version: 'abcdef0',
      source: 'sha',
    });
    expect(resolveVersion({ input: '', gitShortSha: '1a2b3c4' })).toEqual({ version: '1a2b3c4', source: 'git' });
    expect(resolveVersion({ input: '' })).toEqual({ version: 'dev', source: 'none' });
    expect(resolveVersion({ input: 'v9.9.9', ref: 'refs/tags/v1.0.0' })).toEqual({ version: 'v9.9.9', source: 'input' });
    expect(() => resolveVersion({ input: '1.0/evil' })).toThrow(UserError);
    expect(() => resolveVersion({ input: '1.0/evil' })).toThrow(/^input "app-version": "1.0\/evil" cannot be used in a file name; use letters, digits/);
  });
});
