
// src/system/format.ts
var DASH = "\u2014";
function humanSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = bytes;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}
function logSize(bytes) {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024).toFixed(0)} KiB`;
}
function seconds(ms) {
  return `${(ms / 1e3).toFixed(1)} s`;
}
function humanDuration(ms) {
  if (ms === void 0 || !Number.isFinite(ms) || ms < 0) return DASH;
  if (ms < 1e3) return `${Math.round(ms)} ms`;
  if (ms < 6e4) return seconds(ms);
  const s = ms / 1e3;
  const m = Math.floor(s / 60);
  return `${m}m ${String(Math.round(s - m * 60)).padStart(2, "0")}s`;
}

export {
  DASH,
  humanSize,
  logSize,
  seconds,
  humanDuration
};
