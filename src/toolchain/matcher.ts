/**
 * The problem matcher that turns Go compiler errors in the log into annotations on the lines
 * they name: its definition, and registering it with the runner (a file the Runtime adds).
 */
import { writeFile } from '../system/owned-fs.js';
import { join } from 'node:path';
import type { Runtime } from '../runtime.js';

/** Go compiler errors (`file.go:line:col: message`), also behind our `[os/arch] ` build prefix. */
export const MATCHER = {
  problemMatcher: [
    {
      owner: 'go-fyne-action-go',
      pattern: [
        { regexp: '^(?:\\[[a-z0-9]+/[a-z0-9]+\\]\\s+)?\\s*([^:\\s\\[][^:]*\\.go):(\\d+):(?:(\\d+):)?\\s+(.*)$', file: 1, line: 2, column: 3, message: 4 },
      ],
    },
  ],
};

/** Writes the matcher into the run's temp folder and registers it; returns the file. */
export async function addProblemMatcher(rt: Runtime): Promise<string> {
  const file = join(rt.tempDir, 'go-fyne-action-matcher.json');
  await writeFile(file, JSON.stringify(MATCHER));
  rt.addMatcher(file);
  return file;
}
