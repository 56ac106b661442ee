/**
 * The post step (GitHub) or the end of a CLI run: prune and save the caches; add the results to
 * the run report. A module of its own, so the post step (src/post.ts) parses the cache save and
 * the report, not the pipeline, the input checks or the steps (issue 20 item 4).
 */
import { errorMessage } from './errors.js';
import { readReport, withCacheSave, writeReport } from './report.js';
import type { Runtime } from './runtime.js';

/** The post step (GitHub) or the end of a CLI run: prune and save the caches; add the results to the run report. */
export async function runPost(rt: Runtime): Promise<void> {
  if (!rt.getState('cache')) return; // main never restored (caches off, or it stopped early)
  const { saveCaches } = await import('./steps/cache.js'); // the cache code: only when main restored caches
  const saves = await rt.group('Save caches', () => saveCaches(rt));
  const report = rt.getState('report');
  if (!report) return;
  try {
    await writeReport(report, withCacheSave(await readReport(report), saves));
  } catch (err) {
    rt.warning(`run report ${report}: the cache save is not in it: ${errorMessage(err)}`);
  }
}
