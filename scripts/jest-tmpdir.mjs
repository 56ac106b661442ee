// One temp folder per jest run: globalSetup points TMPDIR at it (the workers, the bundles they
// spawn, go, python and openssl all follow TMPDIR), globalTeardown removes it. Suites make their
// runners, sandboxes and fixtures under os.tmpdir() and do not each clean up, so without this a
// full run left GiBs in /tmp (runners, sandboxes, extracted toolchains) and repeated runs filled
// the disk here. A folder left by a run that was killed is removed by the next run once its
// process is gone.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'gfa-tests-';

/** Removes a folder, read-only parts too (a Go module cache is read-only; root ignores that, a runner user does not). */
function remove(dir) {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    spawnSync('chmod', ['-R', 'u+w', dir]);
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** globalSetup. */
export default function setup() {
  const base = tmpdir();
  for (const name of readdirSync(base)) {
    const pid = Number(/^gfa-tests-(\d+)-/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !alive(pid)) remove(join(base, name));
  }
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, `${PREFIX}${process.pid}-`));
  process.env.TMPDIR = dir;
}

/** globalTeardown (scripts/jest-tmpdir-teardown.mjs). */
export function teardown() {
  const dir = process.env.TMPDIR;
  if (dir?.includes(`${PREFIX}${process.pid}-`)) remove(dir);
}
