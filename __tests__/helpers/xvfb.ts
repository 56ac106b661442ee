/**
 * Starts a Fyne binary under Xvfb (xvfb-run), waits for its "Hello Fyne" window and reports its
 * map state; with `quit`, focuses the window and presses its Quit button from the keyboard, then
 * waits (10 s at most) for the app to exit on its own. Every wait is bounded in the script, so a
 * hang fails the test in seconds, not by a jest time-out.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function runUnderXvfb(bin: string, log: string, opts: { quit: boolean }): Promise<{ code: unknown; text: string }> {
  const script = join(mkdtempSync(join(tmpdir(), 'xvfb-')), 'run.sh');
  const finish = opts.quit
    ? [
        'sleep 1',
        'xdotool windowfocus --sync "$id"; xdotool key --window "$id" Tab space',
        'for i in $(seq 1 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done',
        'if kill -0 $pid 2>/dev/null; then echo still-running; kill $pid; exit 1; fi',
        'wait $pid; echo "exit=$?"',
      ]
    : ['kill $pid; wait $pid; exit 0'];
  writeFileSync(
    script,
    [
      '#!/bin/bash',
      `"$1" > "$2" 2>&1 & pid=$!`,
      `id=$(timeout 30 xdotool search --sync --name '^Hello Fyne$' | head -1)`,
      'echo "window=$id"',
      'xwininfo -id "$id" | grep "Map State"',
      ...finish,
    ].join('\n'),
    { mode: 0o755 },
  );
  const child = spawn('xvfb-run', ['-a', script, bin, log], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr.on('data', (d: Buffer) => (text += d.toString()));
  const code = await new Promise((res, rej) => {
    child.on('close', res);
    child.on('error', rej);
  });
  return { code, text };
}
