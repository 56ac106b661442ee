import { createRequire as __gfaCreateRequire } from 'node:module';
const require = __gfaCreateRequire(import.meta.url);
import {
  exists
} from "./chunk-ET2PU4VS.js";
import {
  run
} from "./chunk-AYZTICSL.js";
import {
  mkdir,
  mkdtemp,
  rm,
  writeFile
} from "./chunk-RH66WDZH.js";

// src/release/go-tool.ts
import { join } from "node:path";
var goTool = (module, cmdDir, version) => ({
  name: cmdDir.split("/").pop(),
  module,
  pkg: `${module}/${cmdDir}`,
  version
});
var FYNE_TOOL = goTool("fyne.io/tools", "cmd/fyne", "v1.7.4");
var NFPM_TOOL = goTool("github.com/goreleaser/nfpm/v2", "cmd/nfpm", "v2.45.2");
var GOVERSIONINFO_TOOL = goTool("github.com/josephspurrier/goversioninfo", "cmd/goversioninfo", "v1.4.0");
function toolEnv(base, host, binDir, goflags) {
  return { ...base, GOBIN: binDir, GOOS: host.os, GOARCH: host.arch, CGO_ENABLED: "0", GOFLAGS: goflags, GOWORK: "off" };
}
function goToolInstallPlan(o) {
  const binDir = join(o.toolCacheDir, o.tool.name, o.tool.version.replace(/^v/, ""), `${o.host.os}-${o.host.arch}`);
  const exe = join(binDir, o.host.os === "windows" ? `${o.tool.name}.exe` : o.tool.name);
  return {
    binDir,
    exe,
    install: { argv: [o.go, "install", `${o.tool.pkg}@${o.tool.version}`], env: toolEnv(o.env, o.host, binDir, "") },
    fallback: [
      { argv: [o.go, "get", `${o.tool.pkg}@${o.tool.version}`], env: toolEnv(o.env, o.host, binDir, "-mod=mod") },
      { argv: [o.go, "install", o.tool.pkg], env: toolEnv(o.env, o.host, binDir, "-mod=mod") }
    ],
    fallbackGoMod: `module gofyneaction.local/tools

go 1.21

require ${o.tool.module} ${o.tool.version}
`
  };
}
async function installGoTool(plan, tempDir, log = () => void 0) {
  if (await exists(plan.exe)) {
    log(`${plan.exe} already installed`);
    return plan.exe;
  }
  await mkdir(plan.binDir, { recursive: true });
  log(`running ${plan.install.argv.join(" ")}`);
  const first = await run(plan.install.argv, plan.install);
  if (first.code === 0 && await exists(plan.exe)) return plan.exe;
  log(`go install failed, building through a module that requires the pinned version:
${first.stderr.trim()}`);
  const dir = await mkdtemp(join(tempDir, "go-tool-"));
  try {
    await writeFile(join(dir, "go.mod"), plan.fallbackGoMod);
    for (const step of plan.fallback) {
      const r = await run(step.argv, { ...step, cwd: dir });
      if (r.code !== 0) {
        throw new Error(`could not install ${plan.exe}: ${step.argv.join(" ")} exited ${r.code}
${first.stderr.trim()}
${r.stderr.trim()}`);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  if (!await exists(plan.exe)) throw new Error(`installing left no ${plan.exe}`);
  return plan.exe;
}

export {
  FYNE_TOOL,
  NFPM_TOOL,
  GOVERSIONINFO_TOOL,
  goToolInstallPlan,
  installGoTool
};
