/**
 * Cleanup that must happen even when the run is cancelled (Ctrl-C, a cancelled workflow: SIGINT,
 * then SIGTERM). While at least one task is registered, SIGINT, SIGTERM and SIGHUP run every
 * task (synchronously: nothing async runs after a signal) and then end the process the way the
 * signal would have: the handler removes itself and re-raises the signal, or exits 128+n when
 * some other listener would swallow it.
 */
import { constants } from 'node:os';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type Sig = (typeof SIGNALS)[number];

const tasks = new Set<() => void>();

function onSignal(sig: Sig): void {
  for (const t of [...tasks]) {
    try {
      t();
    } catch {
      /* best effort: the others still run */
    }
  }
  tasks.clear();
  uninstall();
  if (process.listenerCount(sig) > 0) process.exit(128 + constants.signals[sig]);
  process.kill(process.pid, sig);
}

const handlers = new Map<Sig, () => void>(SIGNALS.map((s) => [s, () => onSignal(s)]));
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  for (const [sig, h] of handlers) process.on(sig, h);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  for (const [sig, h] of handlers) process.off(sig, h);
}

/** Runs `task` (synchronous) if the process is signalled before the returned function is called. */
export function onAbort(task: () => void): () => void {
  tasks.add(task);
  install();
  return () => {
    tasks.delete(task);
    if (tasks.size === 0) uninstall();
  };
}
