/**
 * Signing: every Windows executable (and DLL) in the registry gets an Authenticode signature
 * right after the build, before anything is merged, archived, packaged or hashed, so archives,
 * SHA256SUMS and the manifest hold the signed file. Re-registered with `signed: 'authenticode'`.
 */
import type { Config } from '../config.js';
import { digestPath, type ArtifactRegistry } from '../artifacts/registry.js';
import type { Runtime } from '../runtime.js';
import { isSignable, signFiles } from '../sign/authenticode.js';

/** Signs the registry's Windows binaries; returns what it signed, or says why it skipped. */
export async function signStep(rt: Runtime, config: Config, registry: ArtifactRegistry, appName?: string): Promise<string[]> {
  const cfg = config.signing.authenticode;
  if (!cfg) {
    rt.info('skipped: no windows-certificate');
    return [];
  }
  const todo = registry.list('binary').filter((a) => a.os === 'windows' && isSignable(a.path));
  if (todo.length === 0) {
    rt.info('skipped: no Windows executable was built');
    return [];
  }
  await signFiles(
    todo.map((a) => a.path),
    cfg,
    { host: rt.host.os, arch: rt.host.arch, tempDir: rt.tempDir, env: rt.env, description: appName },
    (line) => rt.info(line),
  );
  for (const a of todo) Object.assign(a, await digestPath(a.path), { signed: 'authenticode' }); // re-hashed in place: the signed bytes, same order
  return todo.map((a) => a.path);
}
