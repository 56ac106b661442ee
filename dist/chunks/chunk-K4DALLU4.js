
// src/cache/policy.ts
import * as path from "node:path";
var TRUSTED_SAVE_EVENTS = {
  push: "a push runs the code of the pushed branch or tag, written by someone with write access",
  schedule: "a scheduled run builds the default branch",
  workflow_dispatch: "a manual run is started by someone with write access, on a branch or tag of the repository",
  merge_group: "a merge-queue run builds changes already approved for merging, on a branch of the repository",
  release: "a release run builds the tag a maintainer released"
};
function saveDecision(save, env) {
  const setting = save === true ? "true" : save === false ? "false" : save;
  if (setting === "false") return { save: false, why: "cache-save is false" };
  if (setting === "true") return { save: true, why: "cache-save is true" };
  const event = env.GITHUB_EVENT_NAME ?? "";
  if (event === "") {
    if (env.GITHUB_ACTIONS === "true") {
      return { save: false, why: "cache-save is auto and GITHUB_EVENT_NAME is not set: restore only (set cache-save: true to save anyway)" };
    }
    return { save: true, why: "cache-save is auto and this is a local run (the CLI): its own cache store" };
  }
  const trusted = Object.hasOwn(TRUSTED_SAVE_EVENTS, event) ? TRUSTED_SAVE_EVENTS[event] : void 0;
  if (trusted !== void 0) return { save: true, why: `cache-save is auto and this is a ${event} run (${trusted})` };
  return {
    save: false,
    why: `cache-save is auto and this is a ${event} run, which may build code from a fork or another author: restore only (caches are saved on ${Object.keys(TRUSTED_SAVE_EVENTS).join(", ")}; set cache-save: true to save anyway)`
  };
}
function strictRestore(env, signs) {
  const ref = env.GITHUB_REF ?? "";
  const tag = ref.startsWith("refs/tags/");
  if (tag && signs) return { strict: true, why: `a tag build (${ref}) that signs` };
  if (tag) return { strict: true, why: `a tag build (${ref})` };
  if (signs) return { strict: true, why: "a signing build (windows-certificate is set)" };
  return { strict: false, why: "not a tag or signing build" };
}
function driveOf(p) {
  const m = p ? /^([A-Za-z]):(?:[\\/]|$)/.exec(p) : null;
  return m ? `${m[1].toUpperCase()}:` : void 0;
}
function fastDrive(env) {
  if ((env.RUNNER_OS ?? "").toLowerCase() !== "windows") return {};
  const where = env.RUNNER_TEMP ? "RUNNER_TEMP" : "GITHUB_WORKSPACE";
  const base = env.RUNNER_TEMP || env.GITHUB_WORKSPACE;
  const work = driveOf(base);
  if (!work) return { why: `Windows runner: ${where} (${base ?? "unset"}) is not on a drive letter; caches stay where they are` };
  const system = driveOf(env.SystemDrive) ?? "C:";
  if (work === system) return { why: `Windows runner: the work drive ${work} is the system drive; caches stay where they are` };
  const root = path.win32.join(env.RUNNER_TEMP || path.win32.join(base, "..", "_temp"), "go-fyne-action");
  const tc = env.RUNNER_TOOL_CACHE;
  const tcDrive = driveOf(tc);
  return {
    drive: work,
    gocache: path.win32.join(root, "go-build"),
    gomodcache: path.win32.join(root, "mod"),
    toolCacheOnWorkDrive: tc && tcDrive && tcDrive !== work ? `${work}${tc.slice(2)}` : void 0,
    why: `Windows runner: the work drive ${work} (${where}) is not the system drive ${system}; GOCACHE, GOMODCACHE and the Go extraction go to ${work}`
  };
}
function localCacheLayout(root) {
  return { tools: path.join(root, "tools"), store: path.join(root, "cache"), gocache: path.join(root, "go-build"), gomodcache: path.join(root, "mod") };
}
function selfHostedGoCache(runnerTemp) {
  return path.join(runnerTemp, "go-fyne-action", "go-build");
}
function goCachePlacement(f) {
  const userCache = f.env.GOCACHE || void 0;
  if (f.localCacheDir !== void 0) {
    const layout = localCacheLayout(f.localCacheDir);
    const own2 = layout.gocache;
    const set = {};
    if (!f.env.GOMODCACHE) set.GOMODCACHE = layout.gomodcache;
    if (userCache && path.resolve(userCache) !== path.resolve(own2)) {
      return { set, owned: false, why: `GOCACHE is set (${userCache}): used as is and never pruned` };
    }
    if (!userCache) set.GOCACHE = own2;
    return { set, owned: true, why: `GOCACHE is the CLI's own folder (${own2})` };
  }
  if (f.env.RUNNER_ENVIRONMENT !== "self-hosted") {
    const fast = fastDrive(f.env);
    if (fast.drive) {
      const set = {};
      if (!f.env.GOCACHE) set.GOCACHE = fast.gocache;
      if (!f.env.GOMODCACHE) set.GOMODCACHE = fast.gomodcache;
      if (Object.keys(set).length > 0) return { set, owned: true, why: `GitHub-hosted ${fast.why ?? ""}` };
    }
    return { set: {}, owned: true, why: "GitHub-hosted runner: GOCACHE lives only as long as this job" };
  }
  const own = f.env.RUNNER_TEMP ? selfHostedGoCache(f.env.RUNNER_TEMP) : void 0;
  if (userCache && !(own && path.resolve(userCache) === path.resolve(own))) {
    return { set: {}, owned: false, why: `self-hosted runner and GOCACHE is set (${userCache}): used as is and never pruned` };
  }
  if (userCache) return { set: {}, owned: true, why: `self-hosted runner: GOCACHE is this job's folder (${own})` };
  if (!f.cacheEnabled) return { set: {}, owned: false, why: "self-hosted runner, caches off: GOCACHE left as it is" };
  if (!own) return { set: {}, owned: false, why: "self-hosted runner without RUNNER_TEMP: the shared GOCACHE is used and never pruned" };
  return {
    set: { GOCACHE: own },
    owned: true,
    why: `self-hosted runner: GOCACHE is a folder of this job (${own}, emptied with RUNNER_TEMP); the machine's shared build cache is left alone`
  };
}

export {
  saveDecision,
  strictRestore,
  fastDrive,
  localCacheLayout,
  goCachePlacement
};
