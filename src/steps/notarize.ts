/**
 * Notarization of the Developer ID .app (notary-key, notary-key-id, notary-issuer): after the
 * Fyne packages step signed it, before the release zips it (<name>_<version>_darwin_<arch>.app.zip),
 * so the stapled .app is what ships. Each .app the registry holds signed 'developer-id' is zipped,
 * submitted to Apple's notary service (src/notary: ES256 JWT, SigV4 upload to the storage the
 * submission names), its verdict awaited within notary-timeout, a rejection's log findings printed
 * and the run failed, and the accepted ticket stapled into Contents/CodeResources; the artifact is
 * then registered again (new size and digest) with `notarized: true`. The same in a fan-in, which
 * makes the universal .app. The code is loaded only when this step runs (src/pipeline.ts).
 *
 * The pure part, `notarizePlan`, decides which bundles go and why none would.
 */
import { artifactFromPath, type Artifact } from '../artifacts/registry.js';
import type { Config } from '../config.js';
import { filesStep, RAN, type Step } from '../context.js';
import { notarizeApp } from '../notary/notarize.js';
import { seconds } from '../system/format.js';

/** The .app bundles to notarize, or why nothing is notarized. */
export function notarizePlan(config: Pick<Config, 'signing'>, artifacts: readonly Artifact[]): { apps: Artifact[] } | { skipped: string } {
  if (!config.signing.notary) return { skipped: 'no notary-key' };
  const apps = artifacts.filter((a) => a.kind === 'app');
  const signed = apps.filter((a) => a.signed === 'developer-id' && !a.notarized);
  if (signed.length === 0)
    return { skipped: apps.length === 0 ? 'no .app was made here, nothing to notarize' : 'no .app here is signed with macos-certificate, nothing to notarize' };
  return { apps: signed };
}

export const notarizeStep: Step = filesStep('Notarize macOS .app', async (ctx) => {
  const { rt, config, registry } = ctx;
  const plan = notarizePlan(config, registry.list());
  if ('skipped' in plan) return plan;
  const notary = config.signing.notary!;
  const mtime = Number(rt.env.SOURCE_DATE_EPOCH);
  for (const app of plan.apps) {
    const started = Date.now();
    const r = await notarizeApp(app.path, {
      credentials: notary.credentials,
      endpoints: notary.endpoints,
      poll: { maxWaitMs: notary.maxWaitMs },
      tempDir: rt.tempDir,
      log: { info: (m) => rt.info(m), warning: (m) => rt.warning(m), error: (m) => rt.error(m) },
      secret: (v) => rt.secret(v),
      ...(Number.isSafeInteger(mtime) && mtime > 0 ? { mtime } : {}),
    });
    registry.add({ ...(await artifactFromPath(app.path, { target: app.target, kind: 'app' })), signed: 'developer-id', notarized: true });
    rt.info(
      `${app.target}: ${app.path} notarized (submission ${r.submissionId}, ${r.checks} status check(s)), ticket stapled in ${seconds(Date.now() - started)}`,
    );
  }
  return RAN;
});
