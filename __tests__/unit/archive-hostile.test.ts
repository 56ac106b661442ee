/**
 * Hostile archives, built here by independent writers (Python's tarfile and zipfile), against
 * the tar and zip extractors and through the dl source (a loopback mirror listing a wrong and the
 * true sha256). After each, the sandbox around the destination must be exactly as it was:
 * names, types, sizes, link targets and mtimes, compared with lstat.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { startArchiveMirror, type ArchiveMirror } from '../helpers/dl-mirror.js';
import { downloadAndExtract } from '../../src/toolchain/dl-source.js';
import { UnsafeEntryError } from '../../src/archive/safe-path.js';
import { installAtomically } from '../../src/toolchain/toolcache.js';
import { extractTar } from '../../src/archive/tar-read.js';
import { parseGoVersion } from '../../src/toolchain/version.js';
import { extractZip } from '../../src/archive/zip-read.js';

type Kind = 'file' | 'dir' | 'symlink' | 'hardlink' | 'fifo' | 'chr' | 'blk';
type Entry = [string, Kind, string?];

const work = mkdtempSync(join(tmpdir(), 'gfa-hostile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SANDBOX = '@SANDBOX@'; // replaced by the sandbox's absolute path in names and targets

/** Python's tarfile: one .tar.gz per [path, entries] read from stdin, entries in the order given. */
const TAR_PY = `
import sys, tarfile, io, json
for path, entries in json.load(sys.stdin):
  with tarfile.open(path, 'w:gz', format=tarfile.PAX_FORMAT) as tf:
    for n, kind, data in entries:
        ti = tarfile.TarInfo(n)
        if kind == 'file':
            b = (data or '').encode(); ti.size = len(b); ti.mode = 0o644; tf.addfile(ti, io.BytesIO(b))
        elif kind == 'dir': ti.type = tarfile.DIRTYPE; ti.mode = 0o755; tf.addfile(ti)
        elif kind == 'symlink': ti.type = tarfile.SYMTYPE; ti.linkname = data; tf.addfile(ti)
        elif kind == 'hardlink': ti.type = tarfile.LNKTYPE; ti.linkname = data; tf.addfile(ti)
        elif kind == 'fifo': ti.type = tarfile.FIFOTYPE; tf.addfile(ti)
        elif kind == 'chr': ti.type = tarfile.CHRTYPE; ti.devmajor = 1; ti.devminor = 3; tf.addfile(ti)
        elif kind == 'blk': ti.type = tarfile.BLKTYPE; ti.devmajor = 7; ti.devminor = 0; tf.addfile(ti)
`;

/** Python's zipfile, likewise; 'symlink' entries carry a Unix symlink mode and the target as data. */
const ZIP_PY = `
import sys, zipfile, json
for path, entries in json.load(sys.stdin):
  with zipfile.ZipFile(path, 'w') as zf:
    for n, kind, data in entries:
        zi = zipfile.ZipInfo(n); zi.create_system = 3
        if kind == 'symlink': zi.external_attr = 0o120777 << 16
        elif kind == 'dir': zi.external_attr = (0o40755 << 16) | 0x10
        else: zi.external_attr = 0o100644 << 16
        zf.writestr(zi, '' if kind == 'dir' else (data or ''))
`;

/**
 * A sandbox with a victim file at every level, and the destination five levels down, so that
 * link chains up to four deep still land inside the sandbox (where the snapshot sees them).
 */
function sandbox(): { box: string; deep: string } {
  const box = mkdtempSync(join(work, 'box-'));
  let d = box;
  for (const level of ['', 'a', 'b', 'c', 'd']) {
    if (level) d = join(d, level);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'victim.txt'), 'victim\n');
  }
  return { box, deep: d };
}

/** Every path under `root` with its lstat type, size, mtime and link target (mtime skipped for `skipMtime` folders). */
function snapshot(root: string, skipMtime: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (p: string) => {
    const st = lstatSync(p);
    const type = st.isSymbolicLink() ? 'link' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
    const mtime = skipMtime.includes(p) ? '-' : String(st.mtimeMs);
    out[p.slice(root.length) || '/'] =
      `${type} ${type === 'dir' ? '' : st.size} ${mtime} ${type === 'link' ? readlinkSync(p) : ''} ino=${st.ino} nlink=${st.nlink}`;
    if (type === 'dir') for (const n of readdirSync(p).sort()) walk(join(p, n));
  };
  walk(root);
  return out;
}

const sub = (s: string | undefined, box: string) => s?.split(SANDBOX).join(box);
const withBox = (entries: Entry[], box: string): Entry[] => entries.map(([n, k, d]) => [sub(n, box)!, k, sub(d, box)]);

interface Case {
  what: string;
  entries: Entry[];
  /** What the extractor says; undefined when the archive is harmless and may extract. */
  refused?: RegExp;
  /** Checks inside the destination after a successful extraction. */
  inside?: (dest: string) => void;
}

const chain = (depth: number): Entry[] => {
  // go/l0 -> .   go/l0/l1 -> ..   go/l1/l2 -> ..   ... : l<k> leads k-1 levels above the destination
  const out: Entry[] = [['go/l0', 'symlink', '.']];
  for (let k = 1; k < depth; k++) out.push([`go/l${k - 1}/l${k}`, 'symlink', '..']);
  return out;
};

/**
 * Every test's sandbox and archive, made in one beforeAll: one Python run per format writes them
 * all (a Python start per archive was most of this file's time). Each test still gets its own.
 */
interface Prepared {
  box: string;
  deep: string;
  file: string;
}
const jobs: { id: string; format: 'tar' | 'zip'; entries: Entry[] }[] = [];
const prepared = new Map<string, Prepared>();
const prepare = (id: string, format: 'tar' | 'zip', entries: Entry[]) => jobs.push({ id, format, entries });
beforeAll(() => {
  const batch: Record<'tar' | 'zip', [string, (string | null)[][]][]> = { tar: [], zip: [] };
  for (const j of jobs) {
    const { box, deep } = sandbox();
    const file = join(work, `a-${prepared.size}.${j.format === 'tar' ? 'tar.gz' : 'zip'}`);
    prepared.set(j.id, { box, deep, file });
    batch[j.format].push([file, withBox(j.entries, box).map((e) => [e[0], e[1], e[2] ?? null])]);
  }
  execFileSync('python3', ['-c', TAR_PY], { input: JSON.stringify(batch.tar) });
  execFileSync('python3', ['-c', ZIP_PY], { input: JSON.stringify(batch.zip) });
});
const get = (id: string) => prepared.get(id)!;

const TAR_CASES: Case[] = [
  { what: 'link chain of depth 2, then a file through it', entries: [...chain(2), ['go/l1/PWNED', 'file', 'x']], refused: /through the link "l0"/ },
  { what: 'link chain of depth 3, then a file through it', entries: [...chain(3), ['go/l2/PWNED', 'file', 'x']], refused: /through the link "l0"/ },
  { what: 'link chain of depth 4, then a file through it', entries: [...chain(4), ['go/l3/PWNED', 'file', 'x']], refused: /through the link "l0"/ },
  {
    what: 'hardlink planted through a chain of depth 2',
    entries: [['go/VERSION', 'file', 'go1.25.14\n'], ...chain(2), ['go/l1/PWNED', 'hardlink', 'go/VERSION']],
    refused: /through the link "l0"/,
  },
  {
    what: 'hardlink planted through a chain of depth 3',
    entries: [['go/VERSION', 'file', 'go1.25.14\n'], ...chain(3), ['go/l2/PWNED', 'hardlink', 'go/VERSION']],
    refused: /through the link "l0"/,
  },
  {
    what: 'hardlink to a file outside through a link, then written',
    entries: [
      ['go/up', 'symlink', '.'],
      ['go/h', 'hardlink', 'go/up/../victim.txt'],
      ['go/h', 'file', 'pwned\n'],
    ],
    refused: /climbs out/,
  },
  {
    what: 'hardlink to an outside file through a chain, then written',
    entries: [...chain(2), ['go/h', 'hardlink', 'go/l1/victim.txt'], ['go/h', 'file', 'pwned\n']],
    refused: /through the link "l0"/,
  },
  {
    what: 'hardlink through a symlink the archive made',
    entries: [
      ['go/VERSION', 'file', 'v'],
      ['go/d', 'dir'],
      ['go/d/up', 'symlink', '..'],
      ['go/h', 'hardlink', 'go/d/up/VERSION'],
    ],
    refused: /does not name a file extracted before it/,
  },
  { what: 'hardlink with an absolute target', entries: [['go/h', 'hardlink', `${SANDBOX}/victim.txt`]], refused: /outside go\// },
  {
    what: 'hardlink to a symlink',
    entries: [
      ['go/VERSION', 'file', 'v'],
      ['go/l', 'symlink', 'VERSION'],
      ['go/h', 'hardlink', 'go/l'],
    ],
    refused: /does not name a file/,
  },
  {
    what: 'hardlink to a file not extracted yet',
    entries: [
      ['go/h', 'hardlink', 'go/later'],
      ['go/later', 'file', 'x'],
    ],
    refused: /does not name a file/,
  },
  {
    what: 'symlink replaced by a directory, after a chain',
    entries: [...chain(2), ['go/l1', 'dir'], ['go/l1/PWNED', 'file', 'x']],
    refused: /through the link "l0"/,
  },
  {
    what: 'symlink replaced by a directory (the directory is made, the link not followed)',
    entries: [
      ['go/sub', 'dir'],
      ['go/sub/l', 'symlink', '..'],
      ['go/sub/l', 'dir'],
      ['go/sub/l/FILE', 'file', 'inside\n'],
    ],
    inside: (dest) => {
      expect(lstatSync(join(dest, 'sub/l')).isDirectory()).toBe(true);
      expect(readFileSync(join(dest, 'sub/l/FILE'), 'utf8')).toBe('inside\n');
      expect(existsSync(join(dest, 'FILE'))).toBe(false);
    },
  },
  {
    what: 'symlink replaced by a regular file, after a chain',
    entries: [...chain(2), ['go/f', 'symlink', 'l1/victim.txt'], ['go/f', 'file', 'pwned\n']],
    refused: /through the link "l0"/,
  },
  {
    what: 'symlink replaced by a regular file (the link is replaced, its target untouched)',
    entries: [
      ['go/VERSION', 'file', 'go1.25.14\n'],
      ['go/f', 'symlink', 'VERSION'],
      ['go/f', 'file', 'new\n'],
    ],
    inside: (dest) => {
      expect(lstatSync(join(dest, 'f')).isFile()).toBe(true);
      expect(readFileSync(join(dest, 'f'), 'utf8')).toBe('new\n');
      expect(readFileSync(join(dest, 'VERSION'), 'utf8')).toBe('go1.25.14\n');
    },
  },
  {
    what: 'a link whose target turns outside through a later link',
    entries: [
      ['go/d', 'dir'],
      ['go/d/y', 'symlink', 'z/../..'],
      ['go/d/z', 'symlink', '..'],
    ],
    refused: /"d\/y" -> "z\/..\/.." points outside/,
  },
  { what: 'absolute name', entries: [[`${SANDBOX}/PWNED`, 'file', 'x']], refused: /outside go\// },
  { what: 'absolute name after the prefix', entries: [[`go/${SANDBOX}/PWNED`, 'file', 'x']], refused: /absolute path/ },
  { what: '.. name', entries: [['go/../PWNED', 'file', 'x']], refused: /climbs out/ },
  { what: '../.. name', entries: [['go/a/../../../PWNED', 'file', 'x']], refused: /climbs out/ },
  {
    what: 'absolute symlink, then written through',
    entries: [
      ['go/l', 'symlink', SANDBOX],
      ['go/l/PWNED', 'file', 'x'],
    ],
    refused: /points outside/,
  },
  {
    what: '.. symlink, then written through',
    entries: [
      ['go/l', 'symlink', '../..'],
      ['go/l/PWNED', 'file', 'x'],
    ],
    refused: /points outside/,
  },
  { what: 'fifo', entries: [['go/p', 'fifo']], refused: /special file/ },
  { what: 'character device', entries: [['go/null', 'chr']], refused: /special file/ },
  { what: 'block device', entries: [['go/loop', 'blk']], refused: /special file/ },
];

const ZIP_CASES: Case[] = [
  { what: 'zip .. name', entries: [['go/../PWNED', 'file', 'x']], refused: /climbs out/ },
  { what: 'zip absolute name after the prefix', entries: [[`go/${SANDBOX}/PWNED`, 'file', 'x']], refused: /not a clean path|absolute/ },
  { what: 'zip absolute name', entries: [[`${SANDBOX}/PWNED`, 'file', 'x']], refused: /outside the required prefix/ },
  { what: 'zip backslash name', entries: [['go/..\\..\\PWNED', 'file', 'x']], refused: /backslash/ },
  {
    what: 'zip symlink entry, then written through',
    entries: [
      ['go/l', 'symlink', '..'],
      ['go/l/PWNED', 'file', 'x'],
    ],
    refused: /both a file and a directory/,
  },
  {
    what: 'zip absolute symlink entry (stored as a plain file)',
    entries: [['go/l', 'symlink', SANDBOX]],
    inside: (dest) => expect(lstatSync(join(dest, 'l')).isFile()).toBe(true),
  },
];

describe.each([
  ['tar', TAR_CASES],
  ['zip', ZIP_CASES],
] as const)('%s extraction leaves everything outside the destination as it was', (format, cases) => {
  for (const c of cases) prepare(`x ${format} ${c.what}`, format, c.entries);
  test.each(cases.map((c) => [c.what, c] as const))('%s', async (_what, c) => {
    const { box, deep, file } = get(`x ${format} ${c.what}`);
    const dest = join(deep, 'dest');
    const before = snapshot(box, [deep]);
    const run: Promise<unknown> =
      format === 'tar' ? extractTar(createReadStream(file).pipe(createGunzip()), dest, { stripPrefix: 'go/' }) : extractZip(file, dest, { prefix: 'go/' });
    if (c.refused) {
      await expect(run).rejects.toBeInstanceOf(UnsafeEntryError);
      await expect(run).rejects.toThrow(c.refused);
    } else {
      await run;
      c.inside!(dest);
    }
    rmSync(dest, { recursive: true, force: true });
    expect(snapshot(box, [deep])).toEqual(before);
  });
});

describe('through the dl source: a mirror listing a wrong or the true sha256', () => {
  const v = parseGoVersion('1.25.14')!;
  const all = [...TAR_CASES.map((c) => ['tar', c] as const), ...ZIP_CASES.map((c) => ['zip', c] as const)];
  for (const [format, c] of all) for (const which of ['wrong', 'true']) prepare(`dl ${format} ${c.what} ${which}`, format, c.entries);
  test.each(all.flatMap(([format, c]) => [[format, c.what, 'wrong', c] as const, [format, c.what, 'true', c] as const]))(
    '%s: %s (%s sha256)',
    async (format, _what, which, c) => {
      const { box, deep, file } = get(`dl ${format} ${c.what} ${which}`);
      const root = join(deep, 'toolcache');
      const parent = join(root, 'go', '1.25.14');
      const temp = join(deep, 'temp');
      mkdirSync(parent, { recursive: true });
      mkdirSync(temp);
      const data = readFileSync(file);
      const filename = `go1.25.14.linux-amd64.${format === 'tar' ? 'tar.gz' : 'zip'}`;
      const mirror: ArchiveMirror = await startArchiveMirror([{ filename, data, sha256: which === 'wrong' ? 'e'.repeat(64) : undefined }]);
      try {
        const before = snapshot(box, [parent, temp]);
        const log = { info: () => undefined, warning: () => undefined };
        const run = installAtomically(root, v, 'amd64', { os: 'linux', runnable: true, env: { PATH: process.env.PATH } }, (dest) =>
          downloadAndExtract(mirror.url, mirror.index[filename], dest, temp, log).then(() => undefined),
        );
        // None of these trees is a working toolchain: wrong sha256 -> ChecksumError, true sha256 -> the
        // unsafe entry, or the missing bin/go of a harmless tree. Never an install.
        if (which === 'wrong') await expect(run).rejects.toThrow(/checksum mismatch/);
        else await expect(run).rejects.toThrow(c.refused ?? /bin\/go version failed/);
        expect(snapshot(box, [parent, temp])).toEqual(before);
        expect(readdirSync(parent)).toEqual([]); // no entry, no marker, no temporary tree
      } finally {
        await mirror.close();
      }
    },
  );
});
