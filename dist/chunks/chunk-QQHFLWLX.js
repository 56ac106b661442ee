import {
  inputError
} from "./chunk-6ZRI6CPZ.js";

// src/host.ts
var ARCH = { amd64: "amd64", x64: "amd64", x86_64: "amd64", arm64: "arm64", aarch64: "arm64" };
var OTHER_GOARCH = {
  x86: "386",
  "386": "386",
  i386: "386",
  i686: "386",
  ia32: "386",
  arm: "arm",
  armv6l: "arm",
  armv7: "arm",
  armv7l: "arm",
  armhf: "arm",
  ppc64le: "ppc64le",
  ppc64: "ppc64",
  s390x: "s390x",
  riscv64: "riscv64",
  loong64: "loong64",
  mips64le: "mips64le"
};
function parseArch(raw, input = "architecture") {
  const key = raw.trim().toLowerCase();
  const a = ARCH[key];
  if (a) return a;
  const goarch = OTHER_GOARCH[key];
  throw inputError(
    input,
    raw,
    "is not an architecture this action installs Go for: this action installs an amd64 or arm64 Go toolchain for the runner, and that toolchain builds for every target",
    `use amd64 (x64, x86_64) or arm64 (aarch64), or leave it empty for the runner's own; the build's targets are the targets input${goarch ? ` (e.g. targets: linux/${goarch})` : ""}`
  );
}
function detectHost(env, platform = process.platform, arch = process.arch) {
  const osName = (env.RUNNER_OS ?? platform).toLowerCase();
  const os = osName === "linux" ? "linux" : osName === "macos" || osName === "darwin" ? "darwin" : osName === "windows" || osName === "win32" ? "windows" : void 0;
  if (!os) throw new Error(`unsupported operating system ${osName}: go-fyne-action runs on Linux, macOS and Windows`);
  const a = ARCH[(env.RUNNER_ARCH ?? arch).toLowerCase()];
  if (!a) throw new Error(`unsupported host architecture ${env.RUNNER_ARCH ?? arch}: go-fyne-action runs on amd64 (X64) and arm64 (ARM64)`);
  return { os, arch: a };
}
function toolCacheArch(a) {
  return a === "amd64" ? "x64" : "arm64";
}

export {
  parseArch,
  detectHost,
  toolCacheArch
};
