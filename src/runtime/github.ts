/**
 * The GitHub door: Runtime over @actions/core, for the action's main and post steps. Caches go
 * to GitHub's cache service (no localCacheDir); the summary is markdown in the job summary.
 */
import * as core from '@actions/core';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectHost } from '../host.js';
import { renderSummaryMarkdown } from '../release/summary.js';
import type { Runtime } from '../runtime.js';
import { ownRoot } from '../system/confine.js';

export function githubRuntime(env: NodeJS.ProcessEnv = process.env): Runtime {
  const host = detectHost(env);
  const toolCacheDir = env.RUNNER_TOOL_CACHE || join(tmpdir(), 'go-fyne-action', 'tools');
  const tempDir = env.RUNNER_TEMP || tmpdir();
  ownRoot(toolCacheDir);
  ownRoot(tempDir);
  return {
    door: 'github',
    host,
    ci: true,
    toolCacheDir,
    tempDir,
    env,
    input: (name) => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, value),
    exportVariable: (name, value) => core.exportVariable(name, value),
    addPath: (dir) => core.addPath(dir),
    saveState: (name, value) => core.saveState(name, value),
    getState: (name) => core.getState(name),
    addMatcher: (file) => core.info(`::add-matcher::${file}`),
    debug: (m) => core.debug(m),
    info: (m) => core.info(m),
    warning: (m) => core.warning(m),
    error: (m) => core.error(m),
    group: (title, fn) => core.group(title, fn),
    summary: async (data) => {
      if (!env.GITHUB_STEP_SUMMARY) return;
      await core.summary.addRaw(renderSummaryMarkdown(data), true).write();
    },
    secret: (v) => core.setSecret(v),
  };
}
