import {
  run
} from "./chunk-AYZTICSL.js";
import {
  nameProblem
} from "./chunk-RH66WDZH.js";
import {
  UserError,
  inputError
} from "./chunk-6ZRI6CPZ.js";

// src/release/version.ts
var SAFE = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
var MAX_TAG_VERSION = 128;
var VERSION_SOURCE_TEXT = {
  input: "the app-version input",
  tag: "the tag",
  fyneapp: "FyneApp.toml Details.Version",
  sha: "the commit (GITHUB_SHA)",
  git: "the commit (git rev-parse)",
  none: "no version source (dev)"
};
function resolveVersion(src) {
  const input = src.input.trim();
  if (input !== "") {
    if (nameProblem(input, "version") !== void 0 || input.length > 128) {
      throw inputError("app-version", input, "cannot be used in a file name", "use letters, digits and . _ + - (e.g. 1.2.3 or 1.2.3-rc.1)");
    }
    return { version: input, source: "input" };
  }
  const tag = src.ref?.startsWith("refs/tags/") ? src.ref.slice("refs/tags/".length) : "";
  if (tag !== "") {
    const stripped = /^v\d/.test(tag) ? tag.slice(1) : tag;
    const safe = stripped.replace(/[^A-Za-z0-9._+-]/g, "-").replace(/^[^A-Za-z0-9]+/, "").slice(0, MAX_TAG_VERSION);
    if (safe !== "" && nameProblem(safe, "version") === void 0) return { version: safe, source: "tag" };
  }
  const fyneApp = src.fyneApp?.trim() ?? "";
  if (fyneApp !== "") {
    if (nameProblem(fyneApp, "version") !== void 0 || fyneApp.length > 128) {
      throw new UserError(
        `FyneApp.toml: Details.Version ${JSON.stringify(fyneApp.slice(0, 60))} cannot be used in a file name; use letters, digits and . _ + - (e.g. 1.2.3), or set the app-version input`
      );
    }
    return { version: fyneApp, source: "fyneapp" };
  }
  if (src.sha && /^[0-9a-f]{7,}$/i.test(src.sha)) return { version: src.sha.slice(0, 7).toLowerCase(), source: "sha" };
  if (src.gitShortSha && SAFE.test(src.gitShortSha)) return { version: src.gitShortSha, source: "git" };
  return { version: "dev", source: "none" };
}
async function gitShortHead(cwd) {
  try {
    const r = await run(["git", "rev-parse", "--short", "HEAD"], { cwd });
    const out = r.code === 0 ? r.stdout.trim() : "";
    return out === "" ? void 0 : out;
  } catch {
    return void 0;
  }
}
async function detectVersion(input, env, cwd, fyneApp) {
  const first = resolveVersion({ input, ref: env.GITHUB_REF, sha: env.GITHUB_SHA, fyneApp });
  if (first.source !== "none") return first;
  return resolveVersion({ input, fyneApp, gitShortSha: await gitShortHead(cwd) });
}

export {
  VERSION_SOURCE_TEXT,
  resolveVersion,
  gitShortHead,
  detectVersion
};
