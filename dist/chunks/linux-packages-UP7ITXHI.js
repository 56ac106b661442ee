import {
  readPackageSources
} from "./chunk-6AFBVCEV.js";
import {
  NFPM_TOOL,
  goToolInstallPlan,
  installGoTool
} from "./chunk-5MY5RUWP.js";
import {
  repositoryRoot
} from "./chunk-KCHE2E5Y.js";
import {
  nfpmConfig,
  parseLinuxDesktopMeta,
  planLinuxPackages
} from "./chunk-BWPQGD42.js";
import "./chunk-DBNYSC5C.js";
import "./chunk-NEUFGH5P.js";
import "./chunk-CTUT5AQU.js";
import "./chunk-7DO46D7E.js";
import "./chunk-FBKFR6OD.js";
import "./chunk-MRZ3A4BH.js";
import "./chunk-266HZTFF.js";
import "./chunk-PI4MXL3D.js";
import {
  RAN,
  appOf,
  filesStep,
  sourceOf
} from "./chunk-6CLW66DV.js";
import "./chunk-MCJ2FD2F.js";
import "./chunk-ZOKSPSVI.js";
import "./chunk-QQHFLWLX.js";
import "./chunk-WCZD6FA5.js";
import "./chunk-K4DALLU4.js";
import {
  seconds
} from "./chunk-LHSVOPIB.js";
import "./chunk-ET2PU4VS.js";
import "./chunk-CAERU2TX.js";
import "./chunk-TP7NBEYG.js";
import {
  artifactFromPath
} from "./chunk-CX7QWEJI.js";
import {
  runOk
} from "./chunk-AYZTICSL.js";
import "./chunk-6WRZDILG.js";
import {
  WriteRoot,
  checkName,
  mkdir,
  mkdtemp,
  rm,
  writeFile
} from "./chunk-RH66WDZH.js";
import "./chunk-3FOH5IKW.js";
import {
  UserError
} from "./chunk-6ZRI6CPZ.js";
import "./chunk-SFIDMTKM.js";

// src/steps/linux-packages.ts
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";

// src/package/png.ts
import { crc32, deflateSync, inflateSync } from "node:zlib";
var SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
function pngSize(png) {
  const b = Buffer.from(png);
  if (b.length < 24 || !b.subarray(0, 8).equals(SIGNATURE) || b.toString("latin1", 12, 16) !== "IHDR") return void 0;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}
var PngLimitError = class extends UserError {
  name = "PngLimitError";
  constructor(width, height, limit) {
    super(`the PNG's image data inflates to more than the ${limit} bytes its ${width}x${height} size allows; refused (a malformed or hostile icon)`);
  }
};
function paeth(a, b, c) {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
function decodePng(png) {
  const b = Buffer.from(png);
  if (!pngSize(b)) return void 0;
  let off = 8;
  let width = 0, height = 0, depth = 0, color = 0, interlace = 0;
  let palette;
  let trns;
  const idat = [];
  while (off + 12 <= b.length) {
    const len = b.readUInt32BE(off);
    const type = b.toString("latin1", off + 4, off + 8);
    if (off + 12 + len > b.length) return void 0;
    const body = b.subarray(off + 8, off + 8 + len);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      depth = body[8];
      color = body[9];
      interlace = body[12];
    } else if (type === "PLTE") palette = body;
    else if (type === "tRNS") trns = body;
    else if (type === "IDAT") idat.push(body);
    else if (type === "IEND") break;
    off += 12 + len;
  }
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[color];
  if (depth !== 8 || interlace !== 0 || !channels || width === 0 || height === 0 || width * height > 4096 * 4096) return void 0;
  if (color === 3 && !palette) return void 0;
  const stride = width * channels;
  const expected = (stride + 1) * height;
  let raw;
  try {
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: expected });
  } catch (err) {
    if (err.code === "ERR_BUFFER_TOO_LARGE") throw new PngLimitError(width, height, expected);
    return void 0;
  }
  if (raw.length < (stride + 1) * height) return void 0;
  const px = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? px[y * stride + x - channels] : 0;
      const up = y > 0 ? px[(y - 1) * stride + x] : 0;
      const c = y > 0 && x >= channels ? px[(y - 1) * stride + x - channels] : 0;
      const v = raw[src + x];
      const pred = f === 0 ? 0 : f === 1 ? a : f === 2 ? up : f === 3 ? a + up >> 1 : f === 4 ? paeth(a, up, c) : -1;
      if (pred < 0) return void 0;
      px[y * stride + x] = v + pred & 255;
    }
  }
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const s = i * channels;
    let r, g, bl, al = 255;
    if (color === 0 || color === 4) {
      r = g = bl = px[s];
      if (color === 4) al = px[s + 1];
    } else if (color === 3) {
      const idx = px[s];
      r = palette[idx * 3] ?? 0;
      g = palette[idx * 3 + 1] ?? 0;
      bl = palette[idx * 3 + 2] ?? 0;
      al = trns && idx < trns.length ? trns[idx] : 255;
    } else {
      r = px[s];
      g = px[s + 1];
      bl = px[s + 2];
      if (color === 6) al = px[s + 3];
    }
    data.set([r, g, bl, al], i * 4);
  }
  return { width, height, data };
}
function scaleRgba(img, size) {
  const out = new Uint8Array(size * size * 4);
  const sx = img.width / size;
  const sy = img.height / size;
  for (let oy = 0; oy < size; oy++) {
    const y0 = oy * sy, y1 = y0 + sy;
    for (let ox = 0; ox < size; ox++) {
      const x0 = ox * sx, x1 = x0 + sx;
      let r = 0, g = 0, b = 0, a = 0, w = 0;
      for (let y = Math.floor(y0); y < Math.ceil(y1); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.ceil(x1); x++) {
          const wt = wy * (Math.min(x + 1, x1) - Math.max(x, x0));
          const i = (y * img.width + x) * 4;
          const al = img.data[i + 3] * wt;
          r += img.data[i] * al;
          g += img.data[i + 1] * al;
          b += img.data[i + 2] * al;
          a += al;
          w += wt;
        }
      }
      const o = (oy * size + ox) * 4;
      out[o] = a > 0 ? Math.round(r / a) : 0;
      out[o + 1] = a > 0 ? Math.round(g / a) : 0;
      out[o + 2] = a > 0 ? Math.round(b / a) : 0;
      out[o + 3] = Math.round(a / w);
    }
  }
  return { width: size, height: size, data: out };
}
function chunk(type, body) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}
function encodePng(img) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(img.width, 0);
  ihdr.writeUInt32BE(img.height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const stride = img.width * 4;
  const raw = Buffer.alloc((stride + 1) * img.height);
  for (let y = 0; y < img.height; y++) raw.set(img.data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  return Buffer.concat([SIGNATURE, chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}
var HICOLOR_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
function hicolorIcons(png) {
  const out = /* @__PURE__ */ new Map();
  const size = pngSize(png);
  if (!size) return out;
  const img = decodePng(png);
  const side = Math.min(size.width, size.height);
  if (!img) {
    if (size.width === size.height) out.set(size.width, png);
    return out;
  }
  for (const s of HICOLOR_SIZES) {
    if (s > side) break;
    out.set(s, s === size.width && s === size.height ? png : encodePng(scaleRgba(img, s)));
  }
  if (out.size === 0 && size.width === size.height) out.set(size.width, png);
  return out;
}

// src/package/elf-needed.ts
function elfNeeded(buf) {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < 52 || b.readUInt32BE(0) !== 2135247942) return [];
  const is64 = b[4] === 2;
  const le = b[5] === 1;
  const u16 = (o) => le ? b.readUInt16LE(o) : b.readUInt16BE(o);
  const u32 = (o) => le ? b.readUInt32LE(o) : b.readUInt32BE(o);
  const addr = (o) => is64 ? Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o)) : u32(o);
  const shoff = addr(is64 ? 40 : 32);
  const shentsize = u16(is64 ? 58 : 46);
  const shnum = u16(is64 ? 60 : 48);
  if (shoff === 0 || shoff + shnum * shentsize > b.length) return [];
  const sec = (i) => {
    const o = shoff + i * shentsize;
    return { type: u32(o + 4), offset: addr(o + (is64 ? 24 : 16)), size: addr(o + (is64 ? 32 : 20)), link: u32(o + (is64 ? 40 : 24)) };
  };
  const out = [];
  for (let i = 0; i < shnum; i++) {
    const s = sec(i);
    if (s.type !== 6 || s.link >= shnum) continue;
    const str = sec(s.link);
    const ent = is64 ? 16 : 8;
    for (let o = s.offset; o + ent <= s.offset + s.size && o + ent <= b.length; o += ent) {
      const tag = addr(o);
      if (tag === 0) break;
      if (tag !== 1) continue;
      const start = str.offset + addr(o + (is64 ? 8 : 4));
      const end = b.indexOf(0, start);
      if (start < b.length && end > start) out.push(b.toString("latin1", start, end));
    }
  }
  return out;
}
var DEB_LIBRARY_PACKAGES = {
  "libc.so.6": "libc6",
  "libm.so.6": "libc6",
  "libpthread.so.0": "libc6",
  "libdl.so.2": "libc6",
  "librt.so.1": "libc6",
  "libGL.so.1": "libgl1",
  "libEGL.so.1": "libegl1",
  "libGLESv2.so.2": "libgles2",
  "libX11.so.6": "libx11-6",
  "libXrandr.so.2": "libxrandr2",
  "libXxf86vm.so.1": "libxxf86vm1",
  "libXi.so.6": "libxi6",
  "libXcursor.so.1": "libxcursor1",
  "libXinerama.so.1": "libxinerama1",
  "libXext.so.6": "libxext6",
  "libXrender.so.1": "libxrender1",
  "libwayland-client.so.0": "libwayland-client0",
  "libwayland-cursor.so.0": "libwayland-cursor0",
  "libwayland-egl.so.1": "libwayland-egl1",
  "libxkbcommon.so.0": "libxkbcommon0",
  "libasound.so.2": "libasound2"
};
function libraryDependencies(needed, goarch) {
  const bits64 = !["386", "arm", "mips", "mipsle"].includes(goarch);
  const deb = /* @__PURE__ */ new Set();
  const unknown = [];
  for (const so of needed) {
    const pkg = DEB_LIBRARY_PACKAGES[so];
    if (pkg) deb.add(pkg);
    else unknown.push(so);
  }
  const rpm = needed.filter((so) => /^[A-Za-z0-9._+-]+$/.test(so)).map((so) => `${so}()${bits64 ? "(64bit)" : ""}`);
  return { deb: [...deb].sort(), rpm: [...new Set(rpm)].sort(), unknown };
}

// src/steps/linux-packages.ts
function buildTime(env) {
  const s = env.SOURCE_DATE_EPOCH?.trim();
  if (s && /^\d{1,12}$/.test(s)) {
    const d = new Date(Number(s) * 1e3);
    return { now: d, mtime: d };
  }
  return { now: /* @__PURE__ */ new Date() };
}
var linuxPackagesStep = filesStep("Linux packages", async (ctx) => {
  const { rt, config, registry, version } = ctx;
  const formats = config.release.linuxPackages;
  if (formats.length === 0) return { skipped: "linux-packages is empty" };
  const source = appOf(ctx);
  if ("skip" in source) {
    rt.warning(`linux-packages: no .deb or .rpm is made: ${source.why}`);
    return { skipped: source.skip };
  }
  const bins = registry.list("binary").filter((b) => b.os === "linux");
  if (bins.length === 0) return { skipped: sourceOf(ctx.plan) === "gather" ? "the jobs released no linux binary" : "no linux binaries were built" };
  const meta = source.metadata;
  const {
    toml: tomlText,
    details,
    icon: iconBytes
  } = await readPackageSources({ workspace: repositoryRoot(config), packageDir: source.packageDir, projectIcon: meta?.icon?.bytes });
  const app = {
    id: meta?.id || details.id || "",
    name: meta?.name || details.name || source.exeName,
    exeName: source.exeName,
    appVersion: meta?.version || details.version || "0.0.1",
    build: meta?.build || details.build || 1,
    releaseVersion: version,
    icon: iconBytes ? new Uint8Array(iconBytes) : void 0,
    meta: parseLinuxDesktopMeta(tomlText)
  };
  const { now, mtime } = buildTime(rt.env);
  const icons = app.icon ? hicolorIcons(app.icon) : /* @__PURE__ */ new Map();
  if (!app.icon) rt.warning("linux-packages: the packages carry no icon: the app has none (FyneApp.toml Icon, or Icon.png)");
  const plan = planLinuxPackages({ app, formats, targets: bins.map((b) => b.target), maintainer: config.release.maintainer, icons, now });
  for (const s of plan.skipped) rt.info(`skipped ${s}`);
  if (plan.jobs.length === 0) return RAN;
  rt.info(`${plan.packageName} ${plan.version}-${plan.release}: icons ${[...icons.keys()].map((s) => `${s}x${s}`).join(", ") || "none"}`);
  const go = await ctx.goTool();
  const nfpm = await installGoTool(
    goToolInstallPlan({ go: go.goBin, toolCacheDir: rt.toolCacheDir, host: rt.host, env: rt.env, tool: NFPM_TOOL }),
    rt.tempDir,
    (l) => rt.info(l)
  );
  const work = await mkdtemp(join(rt.tempDir, "linux-packages-"));
  try {
    const sources = /* @__PURE__ */ new Map();
    for (const f of plan.files) {
      const staged = join(work, "root", ...f.dst.split("/").filter(Boolean));
      await mkdir(dirname(staged), { recursive: true });
      await writeFile(staged, f.content ?? "", { mode: f.mode });
      sources.set(f.dst, staged);
    }
    const env = { PATH: rt.env.PATH ?? "/usr/bin:/bin", HOME: work, TMPDIR: work };
    const out = await WriteRoot.create(config.outputDir, "output-dir");
    await mkdir(join(work, "out"));
    for (const job of plan.jobs) {
      const started = Date.now();
      const bin = bins.find((b) => b.target === job.target);
      const needed = libraryDependencies(elfNeeded(await readFile(bin.path)), job.target.split("/")[1]);
      if (needed.unknown.length > 0) rt.info(`${job.target}: no Debian package known for ${needed.unknown.join(", ")}; not in Depends`);
      const cfgPath = join(work, `nfpm-${job.format}-${job.arch}.yaml`);
      await writeFile(cfgPath, nfpmConfig({ plan, job, app, maintainer: config.release.maintainer, sources, binary: bin.path, depends: needed, mtime }));
      const fileName = checkName(job.fileName, "the Linux package name");
      const made = join(work, "out", fileName);
      await runOk([nfpm, "package", "--config", cfgPath, "--packager", job.format, "--target", made], `nfpm (${job.format}, ${job.target})`, {
        cwd: work,
        env
      });
      const dest = await out.copyFrom(made, fileName, { mode: 420 });
      const art = registry.add(await artifactFromPath(dest, { target: job.target, kind: job.format }));
      rt.info(`${job.target}: ${art.path} (${job.format}, ${job.arch}) in ${seconds(Date.now() - started)}`);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return RAN;
});
export {
  linuxPackagesStep
};
