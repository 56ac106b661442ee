/**
 * Signing: every Windows executable (and DLL) in the registry gets an Authenticode signature
 * right after the build, before anything is merged, archived, packaged or hashed, so archives,
 * SHA256SUMS and the manifest hold the signed file. Re-registered with `signed: 'authenticode'`.
 * In a fan-in the same step signs the gathered jobs' exes (one certificate in one job).
 */
import type { Config } from '../config.js';
import { appOf, RAN, type Step } from '../context.js';
import { digestPath, type ArtifactRegistry } from '../artifacts/registry.js';
import type { Runtime } from '../runtime.js';
import { isSignable, signFiles } from '../sign/authenticode.js';

/** Signs the registry's Windows binaries; returns what it signed, or why it skipped. */
export async function signWindowsBinaries(
  rt: Runtime,
  config: Config,
  registry: ArtifactRegistry,
  appName?: string,
  /** The run's one release version: the signature's description is "<appName> <version>". */
  version?: string,
): Promise<{ signed: string[] } | { skipped: string }> {
  const cfg = config.signing.authenticode;
  if (!cfg) return { skipped: 'no windows-certificate' };
  const todo = registry.list('binary').filter((a) => a.os === 'windows' && isSignable(a.path));
  if (todo.length === 0) return { skipped: 'no Windows executable was built' };
  await signFiles(
    todo.map((a) => a.path),
    cfg,
    { host: rt.host.os, arch: rt.host.arch, tempDir: rt.tempDir, env: rt.env, description: appName, version },
    (line) => rt.info(line),
  );
  for (const a of todo) Object.assign(a, await digestPath(a.path), { signed: 'authenticode' }); // re-hashed in place: the signed bytes, same order
  return { signed: todo.map((a) => a.path) };
}

export const signStep: Step = {
  name: 'Sign Windows binaries',
  run: async (ctx) => {
    const app = appOf(ctx);
    const r = await signWindowsBinaries(ctx.rt, ctx.config, ctx.registry, 'skip' in app ? ctx.name : app.metadata?.name || app.exeName, ctx.version);
    return 'skipped' in r ? r : RAN;
  },
};
