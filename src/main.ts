/** The action's main step. */
import * as core from '@actions/core';
import { errorMessage } from './errors.js';
import { runMain } from './pipeline.js';
import { githubRuntime } from './runtime/github.js';

try {
  await runMain(githubRuntime());
} catch (err) {
  core.setFailed(errorMessage(err));
  if (process.env.RUNNER_DEBUG === '1' && err instanceof Error && err.stack) core.debug(err.stack);
}
// Exit explicitly: a cache request abandoned after its time-out must not keep the step alive.
process.exit();
