/**
 * The GitHub door: Runtime over @actions/core, for the action's main and post steps. Caches go
 * to GitHub's cache service (no localCacheDir); the summary is markdown in the job summary.
 *
 * Every message goes through the one escaper (src/system/escape.ts): an info or debug line can
 * never be a workflow command, whatever file name or tool output it carries. The secret inputs
 * (the certificates, their passwords, the notary key and issuer) are taken out of the environment the moment the Runtime
 * is made: kept here, masked (every form that could show), and gone from process.env, so no
 * child process, report or dump can see them; the runner's OIDC request token, which nothing
 * here uses, goes too.
 */
import * as core from '@actions/core';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectHost } from '../host.js';
import { renderSummaryMarkdown, withTold, type Told } from '../release/summary.js';
import type { Runtime } from '../runtime.js';
import { SECRET_INPUTS, secretInputForms } from '../sign/secret-inputs.js';
import { ownRoot } from '../system/confine.js';
import { annotationText, logText } from '../system/escape.js';
import { registerSecretValue } from '../system/process.js';

const inputVar = (name: string): string => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;

/**
 * Takes the secret inputs out of `env` and process.env (once per process: the values are kept
 * for the next Runtime made here), masks them, and drops the OIDC request variables.
 */
const taken = new Map<string, string>();
function takeSecrets(env: NodeJS.ProcessEnv): void {
  for (const name of SECRET_INPUTS) {
    const key = inputVar(name);
    const v = env[key] ?? process.env[key];
    if (v !== undefined) taken.set(name, v.trim());
    Reflect.deleteProperty(env, key);
    Reflect.deleteProperty(process.env, key);
  }
  for (const e of [env, process.env]) for (const k of Object.keys(e)) if (/^ACTIONS_ID_TOKEN_REQUEST_/i.test(k)) Reflect.deleteProperty(e, k);
  const forms = secretInputForms((name) => taken.get(name) ?? '');
  for (const s of forms) {
    core.setSecret(s);
    registerSecretValue(s);
  }
}

export function githubRuntime(env: NodeJS.ProcessEnv = process.env): Runtime {
  const host = detectHost(env);
  const toolCacheDir = env.RUNNER_TOOL_CACHE || join(tmpdir(), 'go-fyne-action', 'tools');
  const tempDir = env.RUNNER_TEMP || tmpdir();
  ownRoot(toolCacheDir);
  ownRoot(tempDir);
  takeSecrets(env);
  const told: Told = { notices: [], warnings: [] };
  return {
    door: 'github',
    host,
    ci: true,
    toolCacheDir,
    tempDir,
    env,
    input: (name) => (SECRET_INPUTS.includes(name) ? (taken.get(name) ?? '') : core.getInput(name)),
    setOutput: (name, value) => core.setOutput(name, value),
    exportVariable: (name, value) => core.exportVariable(name, value),
    addPath: (dir) => core.addPath(dir),
    saveState: (name, value) => core.saveState(name, value),
    getState: (name) => core.getState(name),
    addMatcher: (file) => core.info(`::add-matcher::${file}`),
    debug: (m) => core.debug(annotationText(m)), // %-encoded by @actions/core: one command line
    info: (m) => core.info(logText(m)),
    notice: (m) => {
      told.notices.push(m);
      core.notice(annotationText(m));
    },
    warning: (m) => {
      told.warnings.push(m);
      core.warning(annotationText(m));
    },
    error: (m) => core.error(annotationText(m)),
    group: (title, fn) => core.group(annotationText(title), fn),
    summary: async (data) => {
      if (!env.GITHUB_STEP_SUMMARY) return;
      await core.summary.addRaw(renderSummaryMarkdown(withTold(data, told)), true).write();
    },
    secret: (v) => {
      core.setSecret(v);
      registerSecretValue(v);
    },
  };
}
