import {
  parseFyneAppToml
} from "./chunk-FBKFR6OD.js";
import {
  ConfineError,
  ReadRoot
} from "./chunk-RH66WDZH.js";

// src/package/sources.ts
import { posix, relative, resolve, sep } from "node:path";
var TOML_CAP = 1 << 20;
var ICON_CAP = 16 << 20;
var show = (s) => JSON.stringify(s);
async function readOptional(read) {
  try {
    return await read();
  } catch (err) {
    if (err instanceof ConfineError && err.reason === "missing") return void 0;
    throw err;
  }
}
async function readPackageSources(o) {
  const repo = await ReadRoot.open(o.workspace, "the repository");
  const dirRel = relative(repo.dir, resolve(o.packageDir)).split(sep).join("/");
  const inDir = (ref2) => dirRel ? posix.join(dirRel, ref2) : ref2;
  const tomlBytes = await readOptional(() => repo.read(inDir("FyneApp.toml"), "FyneApp.toml", { maxBytes: TOML_CAP }));
  const toml = tomlBytes?.toString("utf8");
  const details = toml === void 0 ? {} : parseFyneAppToml(toml).details;
  if (o.projectIcon) return { toml, details, icon: o.projectIcon };
  const raw = details.icon;
  if (raw && /^https?:\/\//i.test(raw)) return { toml, details };
  const ref = raw || "Icon.png";
  const what = raw ? "FyneApp.toml Details.Icon" : "Icon.png";
  const segs = repo.segments(ref, what);
  const joined = inDir(segs.join("/"));
  try {
    const icon = await readOptional(() => repo.read(joined, what, { maxBytes: ICON_CAP }));
    return { toml, details, icon: icon ? new Uint8Array(icon) : void 0 };
  } catch (err) {
    if (err instanceof ConfineError && joined !== ref) throw new ConfineError(err.message.split(show(joined)).join(show(ref)), err.reason);
    throw err;
  }
}

export {
  readPackageSources
};
