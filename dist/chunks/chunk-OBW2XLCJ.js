import {
  formatBundleReport,
  verifyBundle
} from "./chunk-XERPXZ7S.js";
import {
  releaseBaseName
} from "./chunk-KY7HVE76.js";
import {
  checkAppIdFormat
} from "./chunk-BWPQGD42.js";
import {
  unlinkInFolderSync
} from "./chunk-ET2PU4VS.js";
import {
  onAbort
} from "./chunk-TP7NBEYG.js";
import {
  artifactFromPath
} from "./chunk-CX7QWEJI.js";
import {
  runOk
} from "./chunk-AYZTICSL.js";
import {
  sealBundle
} from "./chunk-5DMHZ5OM.js";
import {
  parsePlistDict,
  writePlist
} from "./chunk-LM23WKPA.js";
import {
  WriteRoot,
  checkName,
  chmod,
  copyFile,
  mkdir,
  mkdtemp,
  rm,
  writeFile
} from "./chunk-RH66WDZH.js";
import {
  UserError
} from "./chunk-6ZRI6CPZ.js";

// src/release/fyne-package.ts
import { join, posix } from "node:path";
import { readFile } from "node:fs/promises";
function checkFynePackageFields(o) {
  return {
    appName: checkName(o.appName, "FyneApp.toml Details.Name"),
    exeName: checkName(o.exeName, "the executable name"),
    appId: o.appId ? checkAppIdFormat(o.appId) : void 0
  };
}
function fyneAppVersion(version) {
  const m = /^v?(\d+(?:\.\d+){0,2})(?:[-+].*)?$/.exec(version ?? "");
  return m ? m[1] : void 0;
}
function truthfulInfoPlist(info, o) {
  const out = {};
  for (const [k, v] of Object.entries(info)) {
    if (v === void 0) continue;
    if (typeof v === "string" && (v.trim() === "" || k === "LSApplicationCategoryType" && /^public\.app-category\.?$/.test(v.trim()))) continue;
    out[k] = v;
  }
  if (o.macosMinVersion) out["LSMinimumSystemVersion"] = o.macosMinVersion;
  const short = fyneAppVersion(o.version);
  if (short) out["CFBundleShortVersionString"] = short;
  return out;
}
async function rewriteInfoPlist(app, o) {
  const file = join(app, "Contents", "Info.plist");
  const info = parsePlistDict(await readFile(file), "the Info.plist the fyne tool wrote");
  await writeFile(file, writePlist(truthfulInfoPlist(info, o)));
}
function fyneOS(target) {
  const os = target.split("/")[0];
  return os === "linux" || os === "darwin" ? os : void 0;
}
function fynePackageArgv(input, staged) {
  const os = fyneOS(input.target);
  if (!os) throw new Error(`fyne packaging via the tool covers linux and darwin, not ${input.target}`);
  const argv = [input.fyneExe, "package", "-os", os, "--src", staged.srcDir, "-executable", staged.exe, "-name", input.appName];
  if (staged.icon) argv.push("-icon", staged.icon);
  if (input.appId) argv.push("-app-id", input.appId);
  const v = fyneAppVersion(input.version);
  if (v) argv.push("-app-version", v);
  if (input.appBuild && input.appBuild > 0) argv.push("-app-build", String(Math.floor(input.appBuild)));
  return argv;
}
function fynePackageRel(stem, version, target, appName) {
  const [os = "", arch = ""] = target.split("/");
  if (os === "linux") return checkName(`${releaseBaseName(stem, version, target)}.tar.xz`, "the Linux package name");
  const app = `${checkName(appName, "FyneApp.toml Details.Name")}.app`;
  return arch === "universal" ? app : posix.join(checkName(`darwin_${arch}`, "the target folder"), app);
}
function fynePackageDest(outputDir, stem, version, target, appName) {
  return join(outputDir, ...fynePackageRel(stem, version, target, appName).split("/"));
}
function codesignArgv(appPath) {
  return ["codesign", "--force", "--sign", "-", appPath];
}
function codesignVerifyArgv(appPath) {
  return ["codesign", "--verify", "--deep", "--strict", "--verbose=2", appPath];
}
async function signApp(app, developerId) {
  if (!developerId) {
    await sealBundle(app);
    return "adhoc";
  }
  const { signBundleDeveloperId } = await import("./devid-sign-ZO63HQ57.js");
  await signBundleDeveloperId(app, developerId.identity, { entitlements: developerId.entitlements, timestampUrl: developerId.timestampUrl });
  return "developer-id";
}
async function runFynePackage(input, run) {
  const os = fyneOS(input.target);
  if (!os) throw new Error(`fyne packaging via the tool covers linux and darwin, not ${input.target}`);
  const fields = checkFynePackageFields(input);
  const checked = { ...input, ...fields };
  if (!input.iconPng)
    throw new UserError(
      `fyne-package: the app has no icon, and fyne package needs one; add Icon.png next to FyneApp.toml or set Icon under [Details] to a PNG in the repository`
    );
  const rel = fynePackageRel(run.stem, run.version, input.target, fields.appName);
  const out = await WriteRoot.create(run.outputDir, "output-dir");
  const parent = posix.dirname(rel);
  if (parent !== ".") await out.mkdir(parent);
  const work = await mkdtemp(join(run.tempDir, "fyne-package-"));
  try {
    const srcDir = join(work, "src");
    const stageDir = join(work, "stage");
    const outDir = join(work, "out");
    for (const d of [srcDir, stageDir, outDir]) await mkdir(d);
    await writeFile(join(srcDir, "main.go"), "package main\n");
    if (input.fyneAppToml !== void 0) await writeFile(join(srcDir, "FyneApp.toml"), input.fyneAppToml);
    const icon = join(srcDir, "Icon.png");
    await writeFile(icon, input.iconPng);
    const staged = join(stageDir, fields.exeName);
    await copyFile(input.binary, staged);
    await chmod(staged, 493);
    const cmd = { argv: fynePackageArgv(checked, { exe: staged, srcDir, icon }), cwd: outDir, env: run.env ?? process.env };
    await runOk(cmd.argv, `fyne package -os ${os}`, cmd);
    const produced = join(outDir, os === "linux" ? `${fields.appName}.tar.xz` : `${fields.appName}.app`);
    if (os === "linux") {
      const dest2 = await out.copyFrom(produced, rel, { mode: 420 });
      return await artifactFromPath(dest2, { target: input.target, kind: "package" });
    }
    await rewriteInfoPlist(produced, { macosMinVersion: input.macosMinVersion, version: input.version });
    const signed = await signApp(produced, run.developerId);
    await out.remove(rel);
    const dest = await out.moveIn(produced, rel);
    const check = await verifyBundle(dest, run.developerId ? { developerId: { anchors: run.developerId.anchors, requireTimestamp: true } } : {});
    for (const line of formatBundleReport(check)) run.log?.(line);
    const what = signed === "adhoc" ? "the ad hoc seal" : "the Developer ID signature";
    if (!check.ok) throw new Error(`${dest}: ${what} we just made does not verify:
${formatBundleReport(check).join("\n")}`);
    return { ...await artifactFromPath(dest, { target: input.target, kind: "app" }), signed };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

// src/release/windows-resource.ts
import { join as join2 } from "node:path";
function pngSize(png, inputName = "fyne-icon") {
  const sig = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  if (png.length < 24 || !png.subarray(0, 8).equals(sig) || png.subarray(12, 16).toString("ascii") !== "IHDR") {
    throw new UserError(`input "${inputName}": the icon is not a PNG file; use a square PNG, e.g. Icon.png of 512x512`);
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
function pngToIco(png) {
  const { width, height } = pngSize(png);
  const head = Buffer.alloc(22);
  head.writeUInt16LE(0, 0);
  head.writeUInt16LE(1, 2);
  head.writeUInt16LE(1, 4);
  head.writeUInt8(width >= 256 ? 0 : width, 6);
  head.writeUInt8(height >= 256 ? 0 : height, 7);
  head.writeUInt8(0, 8);
  head.writeUInt8(0, 9);
  head.writeUInt16LE(1, 10);
  head.writeUInt16LE(32, 12);
  head.writeUInt32LE(png.length, 14);
  head.writeUInt32LE(22, 18);
  return Buffer.concat([head, png]);
}
function combinedVersion(version, build = 1) {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version ?? "");
  const [, major = "0", minor = "0", patch = "0"] = m ?? [];
  const word = (n) => Math.min(65535, Math.max(0, Math.floor(n)));
  return [major, minor, patch].map((p) => word(Number(p))).join(".") + `.${word(Math.max(1, build))}`;
}
function xmlEscape(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}
function windowsManifest(appName, version) {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0" xmlns:asmv3="urn:schemas-microsoft-com:asm.v3">
<assemblyIdentity version="${version}" processorArchitecture="*" name="${xmlEscape(appName)}" type="win32"/>
</assembly>
`;
}
function versionInfoConfig(o) {
  const [major, minor, patch, build] = o.version.split(".").map(Number);
  const v = { Major: major, Minor: minor, Patch: patch, Build: build };
  return {
    FixedFileInfo: { FileVersion: v, ProductVersion: v, FileFlagsMask: "3f", FileFlags: "00", FileOS: "040004", FileType: "01", FileSubType: "00" },
    StringFileInfo: { ProductName: o.appName, FileDescription: o.appName, ProductVersion: o.productVersion || o.version, FileVersion: o.version },
    VarFileInfo: { Translation: { LangID: "0409", CharsetID: "04B0" } },
    IconPath: o.iconPath,
    ManifestPath: o.manifestPath
  };
}
function goversioninfoArgv(exe, arch, configPath, outPath) {
  const archFlags = arch === "amd64" ? ["-64"] : arch === "arm64" ? ["-arm", "-64"] : arch === "arm" ? ["-arm"] : [];
  return [exe, ...archFlags, "-o", outPath, configPath];
}
async function writeWindowsSyso(o) {
  const dir = await mkdtemp(join2(o.tempDir, "winres-"));
  const version = combinedVersion(o.version, o.build);
  const ico = join2(dir, "icon.ico");
  const manifest = join2(dir, "app.manifest");
  const config = join2(dir, "versioninfo.json");
  const out = join2(dir, `fyne_windows_${o.arch}.syso`);
  try {
    await writeFile(ico, pngToIco(o.iconPng));
    await writeFile(manifest, windowsManifest(o.appName, version));
    await writeFile(
      config,
      JSON.stringify(versionInfoConfig({ appName: o.appName, version, productVersion: o.version, iconPath: ico, manifestPath: manifest }))
    );
    await runOk(goversioninfoArgv(o.goversioninfoExe, o.arch, config, out), "goversioninfo", { cwd: dir });
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return out;
}
function sysoNameInPackage(arch) {
  return `zz_gofyneaction_windows_${arch}.syso`;
}
async function withSysoInPackage(pkgDir, arch, syso, build) {
  const name = sysoNameInPackage(arch);
  const root = await WriteRoot.create(pkgDir, `the package folder ${pkgDir}`);
  let placed = false;
  const release = onAbort(() => {
    if (placed) unlinkInFolderSync(root.dir, name);
  });
  try {
    await root.copyFrom(syso, name, { exclusive: true, mode: 420 });
    placed = true;
    return await build();
  } finally {
    if (placed) await root.remove(name);
    release();
  }
}

export {
  checkFynePackageFields,
  fyneAppVersion,
  truthfulInfoPlist,
  fynePackageArgv,
  fynePackageRel,
  fynePackageDest,
  codesignArgv,
  codesignVerifyArgv,
  signApp,
  runFynePackage,
  pngSize,
  pngToIco,
  combinedVersion,
  windowsManifest,
  versionInfoConfig,
  goversioninfoArgv,
  writeWindowsSyso,
  sysoNameInPackage,
  withSysoInPackage
};
