
// src/runtime/abort.ts
import { constants } from "node:os";
var SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];
var tasks = /* @__PURE__ */ new Set();
function onSignal(sig) {
  for (const t of [...tasks]) {
    try {
      t();
    } catch {
    }
  }
  tasks.clear();
  uninstall();
  if (process.listenerCount(sig) > 0) process.exit(128 + constants.signals[sig]);
  process.kill(process.pid, sig);
}
var handlers = new Map(SIGNALS.map((s) => [s, () => onSignal(s)]));
var installed = false;
function install() {
  if (installed) return;
  installed = true;
  for (const [sig, h] of handlers) process.on(sig, h);
}
function uninstall() {
  if (!installed) return;
  installed = false;
  for (const [sig, h] of handlers) process.off(sig, h);
}
function onAbort(task) {
  tasks.add(task);
  install();
  return () => {
    tasks.delete(task);
    if (tasks.size === 0) uninstall();
  };
}

export {
  onAbort
};
