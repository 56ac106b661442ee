import {
  renderSummaryMarkdown,
  withTold
} from "./chunk-CRRQY3BT.js";
import {
  annotationText,
  logText
} from "./chunk-PB3ZMGEC.js";
import {
  SECRET_INPUTS,
  secretInputForms
} from "./chunk-MCJ2FD2F.js";
import {
  detectHost
} from "./chunk-QQHFLWLX.js";
import {
  registerSecretValue
} from "./chunk-AYZTICSL.js";
import {
  addPath,
  debug,
  error,
  exportVariable,
  getInput,
  getState,
  group,
  info,
  notice,
  saveState,
  setOutput,
  setSecret,
  summary,
  warning
} from "./chunk-23MOHGKS.js";
import {
  ownRoot
} from "./chunk-RH66WDZH.js";

// src/runtime/github.ts
import { tmpdir } from "node:os";
import { join } from "node:path";
var inputVar = (name) => `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
var taken = /* @__PURE__ */ new Map();
function takeSecrets(env) {
  for (const name of SECRET_INPUTS) {
    const key = inputVar(name);
    const v = env[key] ?? process.env[key];
    if (v !== void 0) taken.set(name, v.trim());
    Reflect.deleteProperty(env, key);
    Reflect.deleteProperty(process.env, key);
  }
  for (const e of [env, process.env]) for (const k of Object.keys(e)) if (/^ACTIONS_ID_TOKEN_REQUEST_/i.test(k)) Reflect.deleteProperty(e, k);
  const forms = secretInputForms((name) => taken.get(name) ?? "");
  for (const s of forms) {
    setSecret(s);
    registerSecretValue(s);
  }
}
function githubRuntime(env = process.env) {
  const host = detectHost(env);
  const toolCacheDir = env.RUNNER_TOOL_CACHE || join(tmpdir(), "go-fyne-action", "tools");
  const tempDir = env.RUNNER_TEMP || tmpdir();
  ownRoot(toolCacheDir);
  ownRoot(tempDir);
  takeSecrets(env);
  const told = { notices: [], warnings: [] };
  return {
    door: "github",
    host,
    ci: true,
    toolCacheDir,
    tempDir,
    env,
    input: (name) => SECRET_INPUTS.includes(name) ? taken.get(name) ?? "" : getInput(name),
    setOutput: (name, value) => setOutput(name, value),
    exportVariable: (name, value) => exportVariable(name, value),
    addPath: (dir) => addPath(dir),
    saveState: (name, value) => saveState(name, value),
    getState: (name) => getState(name),
    addMatcher: (file) => info(`::add-matcher::${file}`),
    debug: (m) => debug(annotationText(m)),
    // %-encoded by @actions/core: one command line
    info: (m) => info(logText(m)),
    notice: (m) => {
      told.notices.push(m);
      notice(annotationText(m));
    },
    warning: (m) => {
      told.warnings.push(m);
      warning(annotationText(m));
    },
    error: (m) => error(annotationText(m)),
    group: (title, fn) => group(annotationText(title), fn),
    summary: async (data) => {
      if (!env.GITHUB_STEP_SUMMARY) return;
      await summary.addRaw(renderSummaryMarkdown(withTold(data, told)), true).write();
    },
    secret: (v) => {
      setSecret(v);
      registerSecretValue(v);
    }
  };
}

export {
  githubRuntime
};
