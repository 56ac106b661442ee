import {
  inputError
} from "./chunk-6ZRI6CPZ.js";

// src/compile/targets.ts
function targetId(t) {
  return `${t.os}/${t.arch}`;
}
function parseDistList(stdout) {
  const text = stdout.trim();
  if (text.startsWith("[")) {
    const rows = JSON.parse(text);
    return rows.map((r) => ({ os: r.GOOS, arch: r.GOARCH, cgo: r.CgoSupported }));
  }
  const out = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^([a-z0-9]+)\/([a-z0-9]+)$/.exec(line.trim());
    if (m) out.push({ os: m[1], arch: m[2] });
  }
  return out;
}
var ALIASES = {
  macos: "darwin",
  mac: "darwin",
  osx: "darwin",
  apple: "darwin",
  win: "windows",
  win32: "windows",
  win64: "windows",
  mingw: "windows",
  ubuntu: "linux",
  debian: "linux",
  gnu: "linux",
  x86_64: "amd64",
  x64: "amd64",
  "x86-64": "amd64",
  intel: "amd64",
  aarch64: "arm64",
  armv8: "arm64",
  m1: "arm64",
  x86: "386",
  i386: "386",
  i686: "386",
  armhf: "arm",
  armv7: "arm",
  wasm32: "wasm"
};
function normaliseForSuggestion(s) {
  const [os, arch] = splitPair(s.toLowerCase());
  return `${ALIASES[os] ?? os}/${ALIASES[arch] ?? arch}`;
}
function splitPair(s) {
  const slash = s.indexOf("/");
  if (slash >= 0) return [s.slice(0, slash), s.slice(slash + 1)];
  const m = /^([a-z0-9]+)[-_:](.+)$/.exec(s);
  return m ? [m[1], m[2]] : [s, ""];
}
function editDistance(a, b) {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
function suggestTargets(typed, dist, limit = 3) {
  const want = normaliseForSuggestion(typed);
  const [wantOs, wantArch] = splitPair(want);
  const scored = dist.map((d) => {
    const id = `${d.os}/${d.arch}`;
    let score = editDistance(want, id);
    if (d.os === wantOs) score -= 2;
    if (d.arch === wantArch) score -= 1;
    return { id, score };
  });
  scored.sort((x, y) => x.score - y.score || x.id.localeCompare(y.id));
  return scored.slice(0, limit).map((s) => s.id);
}
var KNOWN_TARGETS = "aix/ppc64 android/386 android/amd64 android/arm android/arm64 darwin/amd64 darwin/arm64 dragonfly/amd64 freebsd/386 freebsd/amd64 freebsd/arm freebsd/arm64 illumos/amd64 ios/amd64 ios/arm64 js/wasm linux/386 linux/amd64 linux/arm linux/arm64 linux/loong64 linux/mips linux/mips64 linux/mips64le linux/mipsle linux/ppc64 linux/ppc64le linux/riscv64 linux/s390x netbsd/386 netbsd/amd64 netbsd/arm netbsd/arm64 openbsd/386 openbsd/amd64 openbsd/arm openbsd/arm64 openbsd/ppc64 openbsd/riscv64 plan9/386 plan9/amd64 plan9/arm solaris/amd64 wasip1/wasm windows/386 windows/amd64 windows/arm64".split(" ").map((id) => ({ os: id.split("/")[0], arch: id.split("/")[1] }));
function unknownTarget(word, entries, problem) {
  const near = suggestTargets(word, entries);
  return inputError("targets", word, problem, near.length ? `closest: ${near.join(", ")}` : "no targets known");
}
function parseTargets(items, dist = KNOWN_TARGETS) {
  const valid = new Set(dist.map((d) => `${d.os}/${d.arch}`));
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  for (const word of items) {
    const id = word.toLowerCase();
    if (!valid.has(id)) throw unknownTarget(word, dist, "is not an os/arch pair Go can build (see 'go tool dist list')");
    if (seen.has(id)) continue;
    seen.add(id);
    const [os, arch] = id.split("/");
    out.push({ os, arch });
  }
  return out;
}
function checkTargetsSupported(targets, dist, goVersion) {
  const valid = new Set(dist.map((d) => `${d.os}/${d.arch}`));
  for (const t of targets) {
    if (!valid.has(targetId(t))) throw unknownTarget(targetId(t), dist, `is not a pair Go ${goVersion} can build (see its 'go tool dist list')`);
  }
}
var PIE_ARCHES = {
  linux: ["386", "amd64", "arm", "arm64", "loong64", "ppc64le", "riscv64", "s390x"],
  android: ["386", "amd64", "arm", "arm64"],
  freebsd: ["amd64"],
  darwin: ["amd64", "arm64"],
  ios: ["amd64", "arm64"],
  aix: ["ppc64"],
  openbsd: ["arm64"],
  windows: ["386", "amd64", "arm64"]
};
var C_SHARED_ARCHES = {
  linux: ["386", "amd64", "arm", "arm64", "loong64", "ppc64le", "riscv64", "s390x"],
  android: ["386", "amd64", "arm", "arm64"],
  freebsd: ["amd64"],
  darwin: ["amd64", "arm64"],
  windows: ["386", "amd64", "arm64"],
  wasip1: ["wasm"]
};
function buildmodeSupported(mode, t) {
  switch (mode) {
    case "exe":
      return true;
    case "pie":
      return PIE_ARCHES[t.os]?.includes(t.arch) ?? false;
    case "c-archive":
      if (["aix", "darwin", "ios", "windows"].includes(t.os)) return true;
      if (t.os === "linux") return ["386", "amd64", "arm", "armbe", "arm64", "arm64be", "loong64", "ppc64le", "riscv64", "s390x"].includes(t.arch);
      if (t.os === "freebsd") return t.arch === "amd64";
      return false;
    case "c-shared":
      return C_SHARED_ARCHES[t.os]?.includes(t.arch) ?? false;
  }
}
function internalLinkPieSupported(t) {
  return [
    "android/arm64",
    "darwin/amd64",
    "darwin/arm64",
    "linux/amd64",
    "linux/arm64",
    "linux/loong64",
    "linux/ppc64le",
    "windows/386",
    "windows/amd64",
    "windows/arm64"
  ].includes(targetId(t));
}
function isWasm(t) {
  return t.arch === "wasm";
}

export {
  targetId,
  parseDistList,
  KNOWN_TARGETS,
  parseTargets,
  checkTargetsSupported,
  buildmodeSupported,
  internalLinkPieSupported,
  isWasm
};
