import {
  parseToml
} from "./chunk-FBKFR6OD.js";
import {
  UserError,
  inputError
} from "./chunk-6ZRI6CPZ.js";

// src/package/linux.ts
import { gzipSync } from "node:zlib";
var LINUX_PACKAGE_FORMATS = ["deb", "rpm"];
var LINUX_PACKAGE_ARCHES = {
  amd64: ["amd64", "x86_64"],
  arm64: ["arm64", "aarch64"],
  "386": ["i386", "i386"],
  riscv64: ["riscv64", "riscv64"],
  ppc64le: ["ppc64el", "ppc64le"],
  s390x: ["s390x", "s390x"],
  loong64: ["loong64", "loongarch64"]
};
var MAINTAINER_RE = /^[^<>,$\x00-\x1f\x7f]*[^<>,$\s\x00-\x1f\x7f] <[^<>@\s$]+@[^<>@\s$]+\.[^<>@\s$]+>$/;
function fail(file, field, value, why, accepted) {
  throw new UserError(`${file}: ${field} ${JSON.stringify(value)} ${why}; ${accepted}`);
}
var CONTROL = /[\x00-\x1f\x7f]/;
function oneLine(file, field, v, noDollar = false) {
  if (v === void 0) return void 0;
  if (CONTROL.test(v)) fail(file, field, v, "holds a line break or control character", "write it on one line");
  if (noDollar && v.includes("$"))
    fail(file, field, v, 'holds "$", which nfpm would expand as an environment variable in the package metadata', 'leave out "$"');
  if (v.length > 1e3) fail(file, field, v.slice(0, 40) + "\u2026", "is too long", "keep it under 1000 characters");
  return v.trim() || void 0;
}
function parseLinuxDesktopMeta(tomlText, file = "FyneApp.toml") {
  const t = tomlText === void 0 ? {} : parseToml(tomlText, file);
  const tab = (v) => v && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date) ? v : {};
  const str = (v, field) => {
    if (v === void 0) return void 0;
    if (typeof v !== "string") fail(file, field, v, "is not a string", "write it as a TOML string");
    return v;
  };
  const list = (v, field, item, accepted) => {
    if (v === void 0) return [];
    if (!Array.isArray(v)) fail(file, field, v, "is not an array", 'write it as ["A", "B"]');
    return v.map((x) => {
      if (typeof x !== "string" || !item.test(x)) fail(file, field, x, "is not accepted", accepted);
      return x;
    });
  };
  const l = tab(t["LinuxAndBSD"]);
  const f = `LinuxAndBSD`;
  const exec = oneLine(file, `${f}.ExecParams`, str(l["ExecParams"], `${f}.ExecParams`));
  if (exec !== void 0 && !exec.split(/ +/).every((w) => /^%[fFuU]$/.test(w) || /^[A-Za-z0-9_=.,:/+-]+$/.test(w))) {
    fail(file, `${f}.ExecParams`, exec, "is not accepted on an Exec line", "use field codes (%f, %F, %u, %U) and plain words of letters, digits and _=.,:/+-");
  }
  const website = oneLine(file, "Website", str(t["Website"], "Website"), true);
  if (website !== void 0 && !/^https?:\/\/[^\s"<>\\]+$/.test(website))
    fail(file, "Website", website, "is not an http(s) URL", "use a URL such as https://example.com/app");
  const description = str(t["Description"], "Description");
  if (description !== void 0 && /[\x00-\x08\x0b-\x1f\x7f]/.test(description))
    fail(file, "Description", description, "holds control characters", "use plain text (line breaks are fine)");
  const mime = oneLine(file, "CanOpen.MimeTypes", str(tab(t["CanOpen"])["MimeTypes"], "CanOpen.MimeTypes"));
  if (mime !== void 0 && !/^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+*-]+([;,]\s*[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+*-]+)*[;,]?$/.test(mime)) {
    fail(file, "CanOpen.MimeTypes", mime, "is not a list of MIME types", "use types such as image/png; text/plain");
  }
  return {
    website,
    description: description?.trim() || void 0,
    genericName: oneLine(file, `${f}.GenericName`, str(l["GenericName"], `${f}.GenericName`)),
    comment: oneLine(file, `${f}.Comment`, str(l["Comment"], `${f}.Comment`), true),
    categories: list(l["Categories"], `${f}.Categories`, /^[A-Za-z0-9-]{1,64}$/, "use freedesktop.org category names such as Utility or Graphics"),
    // eslint-disable-next-line no-control-regex -- control characters are what this refuses
    keywords: list(l["Keywords"], `${f}.Keywords`, /^[^;\x00-\x1f\x7f]{1,100}$/, 'use words without ";" or line breaks'),
    execParams: exec,
    mimeTypes: mime
  };
}
function checkAppId(id, file = "FyneApp.toml") {
  if (!id)
    throw new UserError(
      `${file}: Details.ID is not set, and linux-packages names the .desktop and metainfo files after it; set ID = "com.example.myapp" under [Details]`
    );
  return checkAppIdFormat(id, file);
}
function checkAppIdFormat(id, file = "FyneApp.toml") {
  if (id.length > 255 || !/^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)+$/.test(id)) {
    fail(file, "Details.ID", id, "is not a reverse-DNS application id", 'use letters, digits, "_" and "-" in dot-separated parts, such as com.example.myapp');
  }
  return id;
}
function packageName(exeName) {
  const n = exeName.toLowerCase().replace(/[^a-z0-9+.-]+/g, "-").replace(/^[^a-z0-9]+/, "").replace(/-+$/, "");
  if (n.length < 2) throw new UserError(`name ${JSON.stringify(exeName)} gives no usable package name; set the name input to letters and digits (e.g. my-app)`);
  return n;
}
function packageVersion(version) {
  const v = version.trim().replace(/^v(?=\d)/, "");
  const clean = (s) => s.replace(/[^A-Za-z0-9.+~]/g, ".").replace(/\.{2,}/g, ".").replace(/[.+~]+$/, "");
  if (v === "") return "0.0.1";
  return (/^\d/.test(v) ? clean(v.replace(/-/, "~")) : `0~${clean(v.replace(/~/g, "."))}`).slice(0, 100);
}
function desktopValue(v) {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\t/g, "\\t").replace(/\r/g, "\\r");
}
function desktopList(items) {
  return items.map((i) => desktopValue(i).replace(/;/g, "\\;") + ";").join("");
}
function desktopFile(app, exe) {
  const m = app.meta;
  const lines = ["[Desktop Entry]", "Type=Application", `Name=${desktopValue(app.name)}`];
  if (m.genericName) lines.push(`GenericName=${desktopValue(m.genericName)}`);
  if (m.comment) lines.push(`Comment=${desktopValue(m.comment)}`);
  lines.push(`Exec=${exe}${m.execParams ? ` ${m.execParams}` : ""}`);
  if (app.icon) lines.push(`Icon=${app.id}`);
  lines.push(`Categories=${desktopList(m.categories.length > 0 ? m.categories : ["Utility"])}`);
  if (m.keywords.length > 0) lines.push(`Keywords=${desktopList(m.keywords)}`);
  if (m.mimeTypes) lines.push(`MimeType=${desktopList(m.mimeTypes.split(/[;,]\s*/).filter(Boolean))}`);
  lines.push("Terminal=false", `StartupWMClass=${desktopValue(app.name)}`);
  return lines.join("\n") + "\n";
}
function xml(v) {
  return v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}
function summaryLine(app) {
  const s = app.meta.comment || app.meta.genericName || `${app.name} desktop application`;
  return s.replace(/[.\s]+$/, "");
}
function extendedDescription(app) {
  const first = app.meta.description?.split(/\n\s*\n/)[0].replace(/\s+/g, " ").trim();
  return first || `${app.name} is a desktop application made with the Fyne toolkit.`;
}
function metainfoXml(app, o) {
  const paras = (app.meta.description || extendedDescription(app)).split(/\n\s*\n/).map((p) => p.replace(/\s+/g, " ").trim()).filter(Boolean);
  const dev = o.maintainer.replace(/\s*<.*$/, "");
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<component type="desktop-application">',
    `  <id>${xml(app.id)}</id>`,
    "  <metadata_license>CC0-1.0</metadata_license>",
    ...o.license ? [`  <project_license>${xml(o.license)}</project_license>`] : [],
    `  <name>${xml(app.name)}</name>`,
    `  <summary>${xml(summaryLine(app))}</summary>`,
    `  <developer id="${xml(app.id.split(".").slice(0, -1).join("."))}">`,
    `    <name>${xml(dev)}</name>`,
    "  </developer>",
    "  <description>",
    ...paras.map((p) => `    <p>${xml(p)}</p>`),
    "  </description>",
    `  <launchable type="desktop-id">${xml(app.id)}.desktop</launchable>`,
    ...app.meta.website ? [`  <url type="homepage">${xml(app.meta.website)}</url>`] : [],
    ...app.meta.categories.length > 0 ? ["  <categories>", ...app.meta.categories.map((c) => `    <category>${xml(c)}</category>`), "  </categories>"] : [],
    ...app.meta.keywords.length > 0 ? ["  <keywords>", ...app.meta.keywords.map((k) => `    <keyword>${xml(k)}</keyword>`), "  </keywords>"] : [],
    '  <content_rating type="oars-1.1"/>',
    "  <releases>",
    `    <release version="${xml(o.version)}" date="${o.date}"/>`,
    "  </releases>",
    `  <provides><binary>${xml(o.exe)}</binary></provides>`,
    "</component>"
  ];
  return lines.join("\n") + "\n";
}
function debianChangelog(pkg, version, release, maintainer, when) {
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p = (n) => String(n).padStart(2, "0");
  const date = `${days[when.getUTCDay()]}, ${p(when.getUTCDate())} ${months[when.getUTCMonth()]} ${when.getUTCFullYear()} ${p(when.getUTCHours())}:${p(when.getUTCMinutes())}:${p(when.getUTCSeconds())} +0000`;
  return `${pkg} (${version}-${release}) unstable; urgency=medium

  * Release ${version}, packaged by go-fyne-action.

 -- ${maintainer}  ${date}
`;
}
function copyrightFile(app, maintainer, license, year) {
  const lic = license || "other";
  return [
    "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/",
    `Upstream-Name: ${app.name}`,
    ...app.meta.website ? [`Source: ${app.meta.website}`] : [],
    "",
    "Files: *",
    `Copyright: ${year} ${maintainer}`,
    `License: ${lic}`,
    ...license ? [] : [" The license of this software is given by its project" + (app.meta.website ? ` (${app.meta.website}).` : ".")],
    ""
  ].join("\n");
}
function planLinuxPackages(o) {
  const app = { ...o.app, id: checkAppId(o.app.id) };
  oneLine("FyneApp.toml", "Details.Name", app.name, true);
  const pkg = packageName(app.exeName);
  const version = packageVersion(app.releaseVersion);
  const release = String(app.build > 0 ? Math.floor(app.build) : 1);
  const doc = `/usr/share/doc/${pkg}`;
  const files = [
    { dst: `/usr/share/applications/${app.id}.desktop`, content: desktopFile({ ...app, icon: o.icons.size > 0 ? app.icon : void 0 }, pkg), mode: 420 },
    {
      dst: `/usr/share/metainfo/${app.id}.metainfo.xml`,
      content: metainfoXml(app, { version, date: o.now.toISOString().slice(0, 10), maintainer: o.maintainer, exe: pkg }),
      mode: 420
    },
    ...[...o.icons].map(([size, png]) => ({ dst: `/usr/share/icons/hicolor/${size}x${size}/apps/${app.id}.png`, content: png, mode: 420 })),
    { dst: `${doc}/copyright`, content: copyrightFile(app, o.maintainer, void 0, o.now.getUTCFullYear()), mode: 420 },
    {
      dst: `${doc}/changelog.Debian.gz`,
      content: gzipSync(debianChangelog(pkg, version, release, o.maintainer, o.now), { level: 9 }),
      mode: 420,
      only: "deb"
    }
  ];
  const jobs = [];
  const skipped = [];
  for (const target of o.targets) {
    const [os, goarch = ""] = target.split("/");
    const names = LINUX_PACKAGE_ARCHES[goarch];
    if (os !== "linux" || !names) {
      skipped.push(`${target}: no .deb/.rpm architecture name for ${goarch}`);
      continue;
    }
    for (const format of o.formats) {
      const arch = format === "deb" ? names[0] : names[1];
      const fileName = format === "deb" ? `${pkg}_${version}-${release}_${arch}.deb` : `${pkg}-${version}-${release}.${arch}.rpm`;
      jobs.push({ format, target, arch, fileName });
    }
  }
  return { packageName: pkg, version, release, files, jobs, skipped };
}
function exePath(plan) {
  return `/usr/bin/${plan.packageName}`;
}
function nfpmConfig(o) {
  const goarch = o.job.target.split("/")[1];
  for (const p of [o.binary, ...o.sources.values(), ...o.depends.deb, ...o.depends.rpm])
    if (p.includes("$")) throw new Error(`${p} holds "$", which nfpm would expand`);
  const summary = summaryLine(o.app);
  const body = extendedDescription(o.app);
  if (body.includes("$")) oneLine("FyneApp.toml", "Description", body, true);
  const contents = [
    { src: o.binary, dst: exePath(o.plan), type: "file", file_info: { mode: 493 } },
    ...o.plan.files.filter((f) => !f.only || f.only === o.job.format).map((f) => ({ src: o.sources.get(f.dst), dst: f.dst, type: "file", file_info: { mode: f.mode } }))
  ];
  const config = {
    name: o.plan.packageName,
    arch: goarch,
    platform: "linux",
    version: o.plan.version,
    version_schema: "none",
    release: o.plan.release,
    section: "misc",
    priority: "optional",
    maintainer: o.maintainer,
    description: `${summary}
${body}`,
    vendor: o.maintainer.replace(/\s*<.*$/, ""),
    ...o.app.meta.website ? { homepage: o.app.meta.website } : {},
    license: "Unknown",
    disable_globbing: true,
    umask: 18,
    contents,
    overrides: { deb: { depends: o.depends.deb }, rpm: { depends: o.depends.rpm } },
    rpm: { summary, group: "Applications/System", packager: o.maintainer, compression: "gzip" },
    deb: { compression: "xz" }
  };
  if (o.mtime) config["mtime"] = o.mtime.toISOString();
  return JSON.stringify(config, null, 2) + "\n";
}
function parseLinuxPackageInputs(o) {
  const shown = o.formats.join(", ");
  const formats = [];
  for (const f of o.formats) {
    const v = f.toLowerCase();
    if (!LINUX_PACKAGE_FORMATS.includes(v))
      throw inputError("linux-packages", f, "is not a package format", "use deb, rpm or both (deb, rpm)");
    if (!formats.includes(v)) formats.push(v);
  }
  const maintainer = o.maintainer.trim();
  if (maintainer && !MAINTAINER_RE.test(maintainer)) {
    throw inputError(
      "maintainer",
      maintainer,
      "is not a name and an address",
      'write it as Name <email>, e.g. Jane Doe <jane@example.org>, without "$" or ","'
    );
  }
  if (formats.length === 0) {
    if (maintainer) o.notice?.("maintainer", "linux-packages is empty, this job makes no .deb or .rpm to name it in");
    return { linuxPackages: [], maintainer };
  }
  const linux = o.targets.filter((t) => t.startsWith("linux/"));
  const unknown = linux.filter((t) => !LINUX_PACKAGE_ARCHES[t.slice("linux/".length)]);
  const why = o.fanIn ? void 0 : linux.length === 0 ? "this job builds no Linux target, nothing to package" : unknown.length === linux.length ? `this job's Linux targets (${unknown.join(", ")}) have no .deb/.rpm architecture, nothing to package` : void 0;
  if (why !== void 0) {
    o.notice?.("linux-packages", why);
    if (maintainer) o.notice?.("maintainer", why);
    return { linuxPackages: [], maintainer };
  }
  if (!maintainer)
    throw inputError(
      "linux-packages",
      shown,
      "needs maintainer, which is empty",
      "set maintainer: Name <email> (the Maintainer of the .deb, the Packager of the .rpm)"
    );
  return { linuxPackages: formats, maintainer };
}

export {
  parseLinuxDesktopMeta,
  checkAppIdFormat,
  planLinuxPackages,
  nfpmConfig,
  parseLinuxPackageInputs
};
