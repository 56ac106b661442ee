/**
 * A custom go.dev/dl mirror does not vouch for itself. go.dev's own index is go.dev's word for
 * its archives, but a mirror's index and archive come from the same place: whoever controls the
 * mirror controls both. So a toolchain from any other base URL is checked against a source the
 * mirror does not control: the Go checksum database's `h1:` line for the same
 * golang.org/toolchain@v0.0.1-go<ver>.<os>-<arch>, which the Go release process builds from the
 * very same archive (golang.org/x/build internal/task/dl2mod.go, TarToModFiles): every regular
 * file `go/X` becomes `golang.org/toolchain@<v>/X`, a `go.mod` is stored as `_go.mod`, and the
 * folders .github/, api/, doc/, misc/ and test/ are left out. The extraction hashes every file
 * as it writes it; the dirhash of those (renamed as above) must equal the database's line. The
 * left-out folders are not covered by that hash, so they are removed from the install (the
 * tree is then exactly what the go command itself would install as that toolchain).
 *
 * When the database cannot be asked (GOSUMDB=off, GOPROXY=off without a GOSUMDB URL, the
 * database unreachable or without a record for that version), the run says in one warning line
 * that only the mirror vouches for the toolchain and how to get an independent check. A database
 * that answers but whose answer does not hold up (bad signature, failed proof), and a tree that
 * does not match, are hard errors: nothing is installed.
 */
import { join } from 'node:path';
import { errorMessage } from '../errors.js';
import { redactUrl, type GetOptions } from '../net/http.js';
import { rm } from '../system/owned-fs.js';
import type { HashedFile } from '../archive/tar-read.js';
import { hash1Digests } from './dirhash.js';
import type { DlFile } from './dl-index.js';
import { ChecksumError, downloadAndExtract, type SourceLog } from './dl-source.js';
import { parseGoProxy, ProxyFetchError, TOOLCHAIN_MODULE, toolchainModuleVersion } from './goproxy.js';
import { GOSUMDB_SOURCE, lookupSumDb, parseGoSumDb, SumDbError, zipHashFromLines } from './sumdb.js';

/** The default download base: its index is go.dev's own listing of its archives. */
export const GO_DEV_DL = 'https://go.dev/dl';

export const isGoDevDl = (base: string) => base.replace(/\/+$/, '') === GO_DEV_DL;

/** Top folders of a Go distribution that golang.org/toolchain modules leave out (dl2mod.go). */
export const OMITTED_FROM_MODULE = ['.github', 'api', 'doc', 'misc', 'test'] as const;

/** The name a file of the distribution (below go/) has in the golang.org/toolchain module, or undefined when the module leaves it out. */
export function moduleFileName(rel: string): string | undefined {
  const name = rel === 'go.mod' || rel.endsWith('/go.mod') ? `${rel.slice(0, -'go.mod'.length)}_go.mod` : rel;
  const top = name.split('/')[0];
  if (name.includes('/') && (OMITTED_FROM_MODULE as readonly string[]).includes(top)) return undefined;
  return name;
}

/** The h1 the golang.org/toolchain module made from this tree would have, or why no such module can be made from it. */
export function distTreeH1(regular: HashedFile[], links: string[], moduleVersion: string): { h1: string } | { problem: string } {
  if (links.length > 0) return { problem: `the archive makes links (${JSON.stringify(links[0])}), which a Go release archive does not` };
  const seen = new Set<string>();
  const files: HashedFile[] = [];
  for (const f of regular) {
    const name = moduleFileName(f.name);
    if (name === undefined) continue;
    if (seen.has(name)) return { problem: `the archive holds ${JSON.stringify(f.name)} more than once` };
    seen.add(name);
    files.push({ name: `${TOOLCHAIN_MODULE}@${moduleVersion}/${name}`, sha256: f.sha256 });
  }
  return { h1: hash1Digests(files) };
}

/** What the checksum database says, asked before anything is downloaded. */
export type SumDbWord = { h1: string; db: string } | { why: string };

export interface MirrorInstall {
  /** The go-download-base-url (not go.dev's). */
  base: string;
  file: DlFile;
  /** Go version without "go". */
  version: string;
  os: string;
  arch: string;
  /** GOPROXY-style list (cfg.goProxy) and GOSUMDB (cfg.goSumDb), as the proxy source uses them. */
  goProxy: string;
  goSumDb: string;
  dest: string;
  tempDir: string;
  log: SourceLog;
  http?: Omit<GetOptions, 'headers'>;
}

/** Asks the checksum database for the toolchain module's h1. Throws only when it answered and the answer does not hold up. */
export async function askSumDb(o: Pick<MirrorInstall, 'version' | 'os' | 'arch' | 'goProxy' | 'goSumDb' | 'log' | 'http'>): Promise<SumDbWord> {
  const sumdb = parseGoSumDb(o.goSumDb);
  if (sumdb.off) return { why: `${GOSUMDB_SOURCE}=off` };
  let proxies;
  try {
    proxies = parseGoProxy(o.goProxy, 'GOPROXY', 'skip');
  } catch (err) {
    return { why: errorMessage(err) };
  }
  if (proxies[0]?.kind === 'off' && !sumdb.url) return { why: 'GOPROXY=off and GOSUMDB names no URL, so the checksum database was not asked' };
  const mv = toolchainModuleVersion(o.version, o.os, o.arch);
  const http: GetOptions = { env: o.log.env, ...(o.http ?? {}), onRetry: o.http?.onRetry ?? ((m) => o.log.warning(m)) };
  try {
    const found = await lookupSumDb(sumdb, proxies, TOOLCHAIN_MODULE, mv, http);
    const h1 = zipHashFromLines(found.lines, TOOLCHAIN_MODULE, mv);
    if (!h1) return { why: `checksum database ${sumdb.name} has no zip hash for ${TOOLCHAIN_MODULE}@${mv}` };
    return { h1, db: sumdb.name };
  } catch (err) {
    if ((err instanceof SumDbError && err.unreachable) || err instanceof ProxyFetchError) return { why: errorMessage(err) };
    throw err;
  }
}

/** The one warning line when only the mirror vouches for the toolchain. */
export function onlyMirrorWarning(base: string, file: DlFile, why: string): string {
  return (
    `only the mirror ${redactUrl(base)} (go-download-base-url) vouches for ${file.filename}: its sha256 comes from that mirror's own index and could not be checked against the Go checksum database (${why}); ` +
    `for an independent check let GOSUMDB (default sum.golang.org) be reachable, directly or through GOPROXY, or remove go-download-base-url to download from go.dev`
  );
}

/**
 * Installs from a custom mirror into `dest`: the checksum database is asked first, then the
 * archive is downloaded, checked against the mirror's index (as before) and, when the database
 * answered, its extracted tree against the database's h1.
 */
export async function installFromMirror(o: MirrorInstall): Promise<{ sha256: string; h1?: string }> {
  const mv = toolchainModuleVersion(o.version, o.os, o.arch);
  const word = await askSumDb(o);
  const r = await downloadAndExtract(o.base, o.file, o.dest, o.tempDir, o.log, { hashFiles: 'h1' in word });
  if ('why' in word) {
    o.log.warning(onlyMirrorWarning(o.base, o.file, word.why));
    return { sha256: r.sha256 };
  }
  const got = distTreeH1(r.regular ?? [], r.links ?? [], mv);
  if ('problem' in got) {
    throw new ChecksumError(
      `SECURITY ERROR: ${o.file.filename} from ${redactUrl(r.url)} (go-download-base-url) is not the Go release that checksum database ${word.db} (${GOSUMDB_SOURCE}) vouches for: ${got.problem}; nothing was installed`,
    );
  }
  if (got.h1 !== word.h1) {
    throw new ChecksumError(
      `SECURITY ERROR: ${o.file.filename} from ${redactUrl(r.url)} (go-download-base-url) extracts to files that hash to ${got.h1}, but checksum database ${word.db} (${GOSUMDB_SOURCE}) lists ${word.h1} for ${TOOLCHAIN_MODULE}@${mv}; nothing was installed`,
    );
  }
  // What the database's hash does not cover is not kept.
  for (const d of OMITTED_FROM_MODULE) await rm(join(o.dest, d), { recursive: true, force: true });
  return { sha256: r.sha256, h1: got.h1 };
}
