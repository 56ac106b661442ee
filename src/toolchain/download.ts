/**
 * Go from a verified source, when the tool cache has no match: resolve the version spec against
 * the go.dev/dl index or the module proxy (falling back between them in auto mode), then install
 * atomically into the tool cache. Loaded by install.ts only on a miss, so a tool-cache hit never
 * parses the HTTP client, the archive readers or the checksum-database code.
 */
import type { ToolchainConfig } from '../config.js';
import { errorMessage, UserError } from '../errors.js';
import { HttpError, redactUrl } from '../net/http.js';
import type { Runtime } from '../runtime.js';
import { dlCandidates } from './dl-index.js';
import { downloadAndExtract, fetchDlIndex } from './dl-source.js';
import type { InstalledGo } from './install.js';
import { installFromMirror, isGoDevDl } from './mirror-verify.js';
import { listToolchainVersions, parseGoProxy } from './goproxy.js';
import { fetchToolchainFromProxy } from './proxy-source.js';
import { parseGoSumDb } from './sumdb.js';
import { nearestVersions, resolveSpec, type Available } from './spec.js';
import { installAtomically, installDir, isInstalled, type GoCheck } from './toolcache.js';
import { parseGoVersion, type GoVersion } from './version.js';
import { seconds } from '../system/format.js';
import { fastDrive } from '../cache/policy.js';
import { ownRoot } from '../system/confine.js';

/** A source that could not be reached at all (as opposed to one that answered "no such version"). */
class Unreachable extends Error {}

interface Resolved {
  version: GoVersion;
  source: 'dl' | 'proxy';
  install: (dest: string) => Promise<void>;
}

function specInput(cfg: ToolchainConfig): string {
  return cfg.specFrom === 'go-version' ? 'go-version' : 'go-version-file';
}

/** Resolves cfg's version against the sources and installs it (or takes it from the tool cache if that version is there after all). */
export async function downloadToolchain(
  rt: Runtime,
  cfg: ToolchainConfig,
  check: GoCheck,
  cached: (v: GoVersion) => Promise<InstalledGo | undefined>,
): Promise<InstalledGo> {
  const os = rt.host.os;
  const arch = cfg.arch;
  const root = rt.toolCacheDir;
  // Resolve against the sources in order; the first reachable one decides.
  const order: ('dl' | 'proxy')[] = cfg.source === 'auto' ? ['dl', 'proxy'] : [cfg.source];
  const unreachable: string[] = [];
  let resolved: Resolved | undefined;
  const fallbacks = order.slice();
  while (fallbacks.length > 0 && !resolved) {
    const src = fallbacks.shift()!;
    try {
      resolved = src === 'dl' ? await resolveDl(rt, cfg) : await resolveProxy(rt, cfg);
    } catch (err) {
      if (!(err instanceof Unreachable)) throw err;
      unreachable.push(err.message);
      if (fallbacks.length > 0) rt.warning(`${err.message}; trying the ${fallbacks[0]} source`);
    }
  }
  if (!resolved) {
    throw new UserError(
      `no Go download source could be reached: ${unreachable.join('; ')}. Point go-download-base-url (or GO_DOWNLOAD_BASE_URL) at a reachable go.dev/dl mirror, or set go-download-source: proxy with go-proxy naming a reachable module proxy`,
    );
  }

  const v = resolved.version;
  if (isInstalled(root, v, arch, os)) {
    const tc = await cached(v);
    if (tc) return tc;
  }

  // On a Windows runner whose tool cache is on the slow system drive, the tree goes to the work
  // drive and the tool-cache entry is a junction to it (cache/policy.ts fastDrive; the CLI's own
  // tool folder is left where the user keeps it).
  const fast = rt.host.os === 'windows' && rt.localCacheDir === undefined ? fastDrive(rt.env) : {};
  const workRoot = fast.toolCacheOnWorkDrive;
  if (workRoot) {
    ownRoot(workRoot);
    rt.info(`Go is extracted to ${workRoot} (${fast.why ?? ''}); ${installDir(root, v, arch)} is a junction to it`);
  }
  // Install. A transport failure of the dl source falls back to the proxy in auto mode;
  // a checksum mismatch never falls back: it is reported.
  const started = Date.now();
  let source = resolved.source;
  try {
    await installAtomically(root, v, arch, check, resolved.install, workRoot);
  } catch (err) {
    if (cfg.source === 'auto' && source === 'dl' && err instanceof HttpError) {
      rt.warning(`${err.message}; trying the proxy source`);
      source = 'proxy';
      await installAtomically(root, v, arch, check, (dest) => proxyInstall(rt, cfg, v, dest), workRoot);
    } else throw err;
  }
  rt.info(`Installed Go ${v.text} from ${source} in ${seconds(Date.now() - started)}`);
  return { version: v, goroot: installDir(root, v, arch), source };
}

async function resolveDl(rt: Runtime, cfg: ToolchainConfig): Promise<Resolved> {
  const base = cfg.downloadBaseUrl;
  let index;
  try {
    index = await fetchDlIndex(base, rt);
  } catch (err) {
    throw new Unreachable(`the Go download index at ${redactUrl(base)} (set by go-download-base-url) failed: ${errorMessage(err)}`);
  }
  const cands = dlCandidates(index, rt.host.os, cfg.arch);
  if (cands.length === 0 && !index.some((r) => r.files.some((f) => f.os === rt.host.os))) {
    throw new UserError(
      `the Go download index at ${redactUrl(base)} has no archives for ${rt.host.os}; go-fyne-action installs Go for linux, darwin and windows`,
    );
  }
  const v = pick(cfg, cands, redactUrl(base));
  const cand = cands.find((c) => c.version.text === v.text)!;
  return {
    version: v,
    source: 'dl',
    install: async (dest) => {
      if (isGoDevDl(base)) {
        // go.dev's index is go.dev's own word for its archives.
        const r = await downloadAndExtract(base, cand.file, dest, rt.tempDir, rt);
        rt.info(`Verified ${cand.file.filename}: sha256 ${r.sha256}`);
        return;
      }
      // A custom mirror does not vouch for itself: checked against the checksum database when it can be asked.
      const r = await installFromMirror({
        base,
        file: cand.file,
        version: v.text,
        os: rt.host.os,
        arch: cfg.arch,
        goProxy: cfg.goProxy,
        goSumDb: cfg.goSumDb,
        dest,
        tempDir: rt.tempDir,
        log: rt,
      });
      if (r.h1) rt.info(`Verified ${cand.file.filename}: sha256 ${r.sha256} (mirror index); files ${r.h1} (checksum database)`);
      else rt.info(`Verified ${cand.file.filename}: sha256 ${r.sha256} (the mirror's own index only)`);
    },
  };
}

function proxyList(cfg: ToolchainConfig) {
  return parseGoProxy(cfg.goProxy);
}

async function resolveProxy(rt: Runtime, cfg: ToolchainConfig): Promise<Resolved> {
  const proxies = proxyList(cfg);
  let versions: string[];
  try {
    versions = await listToolchainVersions(proxies, rt.host.os, cfg.arch, { onRetry: (m: string) => rt.warning(m) });
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new Unreachable(`the Go module proxy (set by go-proxy or GOPROXY: ${cfg.goProxy || 'default'}) failed: ${errorMessage(err)}`);
  }
  const cands: Available[] = versions.flatMap((t) => {
    const version = parseGoVersion(t);
    return version ? [{ version, stable: !version.pre }] : [];
  });
  const v = pick(cfg, cands, 'the Go module proxy');
  return { version: v, source: 'proxy', install: (dest) => proxyInstall(rt, cfg, v, dest) };
}

async function proxyInstall(rt: Runtime, cfg: ToolchainConfig, v: GoVersion, dest: string): Promise<void> {
  const sumdb = parseGoSumDb(cfg.goSumDb);
  const r = await fetchToolchainFromProxy({
    version: v.text,
    os: rt.host.os,
    arch: cfg.arch,
    proxy: proxyList(cfg),
    sumdb,
    destDir: dest,
    tempDir: rt.tempDir,
    log: rt,
  });
  if (r.sumdbVerified) rt.info(`Verified golang.org/toolchain go${v.text}: ${r.h1} (checksum database)`);
  else rt.debug(`toolchain from ${r.url} not checked against a checksum database (GOSUMDB=off)`);
}

function pick(cfg: ToolchainConfig, cands: Available[], where: string): GoVersion {
  const v = resolveSpec(cfg.spec, cands);
  if (v) return v;
  const near = nearestVersions(cfg.spec, cands);
  throw new UserError(
    `input "${specInput(cfg)}": no Go release matches ${JSON.stringify(cfg.spec.raw)} for ${cfg.arch} on ${where}; nearest available: ${near.join(', ') || 'none'}`,
  );
}
