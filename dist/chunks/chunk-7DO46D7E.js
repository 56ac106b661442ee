import {
  inputError
} from "./chunk-6ZRI6CPZ.js";

// src/cache/inputs.ts
function parseDependencyPath(patterns) {
  for (const p of patterns) {
    if (p.includes("\0")) throw inputError("cache-dependency-path", p, "contains a NUL byte", "use globs of go.sum files, one per line");
  }
  return [...patterns];
}
function parseKeyPrefix(raw) {
  const v = raw.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v)) {
    throw inputError("cache-key-prefix", raw, "is not a valid key prefix", 'use 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  return v;
}

export {
  parseDependencyPath,
  parseKeyPrefix
};
