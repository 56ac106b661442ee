import {
  readReport,
  withCacheSave,
  writeReport
} from "./chunk-MCJ2FD2F.js";
import {
  errorMessage
} from "./chunk-6ZRI6CPZ.js";

// src/post-run.ts
async function runPost(rt) {
  if (!rt.getState("cache")) return;
  const { saveCaches } = await import("./cache-HN6IZMML.js");
  const saves = await rt.group("Save caches", () => saveCaches(rt));
  const report = rt.getState("report");
  if (!report) return;
  try {
    await writeReport(report, withCacheSave(await readReport(report), saves));
  } catch (err) {
    rt.warning(`run report ${report}: the cache save is not in it: ${errorMessage(err)}`);
  }
}

export {
  runPost
};
