import {
  CHECKSUMS_FILE,
  renderChecksums,
  writeChecksums
} from "./chunk-QO2MSBTA.js";
import {
  VERSION_SOURCE_TEXT,
  detectVersion,
  gitShortHead,
  resolveVersion
} from "./chunk-XKZS2RQX.js";
import {
  checkFynePackageFields,
  codesignArgv,
  codesignVerifyArgv,
  combinedVersion,
  fyneAppVersion,
  fynePackageArgv,
  fynePackageDest,
  fynePackageRel,
  goversioninfoArgv,
  pngSize,
  pngToIco,
  runFynePackage,
  signApp,
  sysoNameInPackage,
  truthfulInfoPlist,
  versionInfoConfig,
  windowsManifest,
  withSysoInPackage,
  writeWindowsSyso
} from "./chunk-OBW2XLCJ.js";
import "./chunk-XERPXZ7S.js";
import {
  APP_ZIP_SUFFIX,
  appZipEntries,
  appZipName,
  archiveFormatFor,
  binaryNameInArchive,
  extractAppZip,
  isAppZipName,
  planArchives,
  releaseBaseName,
  statArchiveFiles,
  writeAppZip,
  writeArchive
} from "./chunk-KY7HVE76.js";
import {
  FYNE_TOOL,
  GOVERSIONINFO_TOOL,
  NFPM_TOOL,
  goToolInstallPlan,
  installGoTool
} from "./chunk-5MY5RUWP.js";
import "./chunk-RFMJVKYR.js";
import "./chunk-KFJK2ZES.js";
import "./chunk-BWPQGD42.js";
import "./chunk-DBNYSC5C.js";
import "./chunk-FBKFR6OD.js";
import {
  DEFAULT_EPOCH,
  sourceDateEpoch
} from "./chunk-MRZ3A4BH.js";
import "./chunk-PI4MXL3D.js";
import {
  renderSummaryMarkdown,
  renderSummaryText,
  rowsFromArtifacts,
  withTold
} from "./chunk-CRRQY3BT.js";
import "./chunk-PB3ZMGEC.js";
import "./chunk-LHSVOPIB.js";
import "./chunk-ET2PU4VS.js";
import "./chunk-TP7NBEYG.js";
import {
  ArtifactRegistry,
  artifactFromPath,
  compareBytes,
  digestPath,
  listFilesRecursive,
  sha256File,
  splitTarget
} from "./chunk-CX7QWEJI.js";
import "./chunk-AYZTICSL.js";
import "./chunk-6WRZDILG.js";
import "./chunk-5DMHZ5OM.js";
import "./chunk-NVIS2CD6.js";
import "./chunk-LM23WKPA.js";
import "./chunk-CLWQRHXC.js";
import "./chunk-L373MPJF.js";
import "./chunk-RH66WDZH.js";
import "./chunk-6ZRI6CPZ.js";
import "./chunk-SFIDMTKM.js";

// src/release/index.ts
async function writeReleaseFiles(o) {
  const written = [];
  const mtime = sourceDateEpoch(o.env);
  for (const app of o.apps ?? o.registry.list("app")) {
    written.push(o.registry.add(await writeAppZip(app, { outputDir: o.outputDir, name: o.name, version: o.version, mtime })));
  }
  if (o.archive !== "none") {
    const files = await statArchiveFiles(o.archiveFiles);
    const plans = planArchives({
      binaries: o.binaries ?? o.registry.list("binary"),
      setting: o.archive,
      name: o.name,
      version: o.version,
      outputDir: o.outputDir,
      files
    });
    for (const plan of plans) written.push(o.registry.add(await writeArchive(plan, mtime)));
  }
  if (o.checksums !== false) written.push(o.registry.add(await writeChecksums(o.outputDir, o.registry.list())));
  return written;
}
export {
  APP_ZIP_SUFFIX,
  ArtifactRegistry,
  CHECKSUMS_FILE,
  DEFAULT_EPOCH,
  FYNE_TOOL,
  GOVERSIONINFO_TOOL,
  NFPM_TOOL,
  VERSION_SOURCE_TEXT,
  appZipEntries,
  appZipName,
  archiveFormatFor,
  artifactFromPath,
  binaryNameInArchive,
  checkFynePackageFields,
  codesignArgv,
  codesignVerifyArgv,
  combinedVersion,
  compareBytes,
  detectVersion,
  digestPath,
  extractAppZip,
  fyneAppVersion,
  fynePackageArgv,
  fynePackageDest,
  fynePackageRel,
  gitShortHead,
  goToolInstallPlan,
  goversioninfoArgv,
  installGoTool,
  isAppZipName,
  listFilesRecursive,
  planArchives,
  pngSize,
  pngToIco,
  releaseBaseName,
  renderChecksums,
  renderSummaryMarkdown,
  renderSummaryText,
  resolveVersion,
  rowsFromArtifacts,
  runFynePackage,
  sha256File,
  signApp,
  sourceDateEpoch,
  splitTarget,
  statArchiveFiles,
  sysoNameInPackage,
  truthfulInfoPlist,
  versionInfoConfig,
  windowsManifest,
  withSysoInPackage,
  withTold,
  writeAppZip,
  writeArchive,
  writeChecksums,
  writeReleaseFiles,
  writeWindowsSyso
};
