/** The action's post step: runs after the job's other steps. */
import * as core from '@actions/core';
import { errorMessage } from './errors.js';
import { runPost } from './post-run.js';
import { githubRuntime } from './runtime/github.js';
import { annotationText } from './system/escape.js';

try {
  await runPost(githubRuntime());
} catch (err) {
  // The post step only saves caches; trouble there warns and never fails the job.
  core.warning(annotationText(errorMessage(err)));
}
process.exit();
