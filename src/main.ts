/** The action's main step. */
import * as core from '@actions/core';
import { errorMessage } from './errors.js';
import { runMain } from './pipeline.js';
import { githubRuntime } from './runtime/github.js';
import { annotationText } from './system/escape.js';

try {
  await runMain(githubRuntime());
} catch (err) {
  core.setFailed(annotationText(errorMessage(err))); // one command line: @actions/core %-encodes it; the runner masks the secrets
  if (process.env.RUNNER_DEBUG === '1' && err instanceof Error && err.stack) core.debug(annotationText(err.stack));
}
// Exit explicitly: a cache request abandoned after its time-out must not keep the step alive.
process.exit();
