import {
  controlFree,
  markdownText
} from "./chunk-PB3ZMGEC.js";
import {
  DASH,
  humanDuration,
  humanSize
} from "./chunk-LHSVOPIB.js";

// src/release/summary.ts
import { basename } from "node:path";
function withTold(data, told) {
  return { ...data, notices: [...new Set(data.notices ?? told.notices)], warnings: [...new Set(data.warnings ?? told.warnings)] };
}
function lists(data) {
  return [
    { heading: "Not used by this job", items: data.notices ?? [] },
    { heading: "Warnings", items: data.warnings ?? [] }
  ].filter((l) => l.items.length > 0);
}
function mdItem(text) {
  return markdownText(text).replace(/^([#>+\-=])/, "\\$1").replace(/^(\d+)([.)])/, "$1\\$2");
}
function layers(data) {
  return [...new Set(data.cache.map((c) => c.layer))];
}
function cacheCell(data, layer) {
  return data.cache.find((c) => c.layer === layer)?.result ?? DASH;
}
function summaryTable(data) {
  if (data.rows.some((r) => r.job !== void 0)) {
    return {
      header: ["Target", "File", "Size", "Job", "SHA-256"],
      rows: data.rows.map((r) => [r.target || DASH, r.file, humanSize(r.size), r.job ?? DASH, r.sha256 ?? DASH])
    };
  }
  const ls = layers(data);
  const header = ["Target", "File", "Size", "Build time", ...ls.map((l) => `Cache: ${l}`)];
  const rows = data.rows.map((r) => [r.target || DASH, r.file, humanSize(r.size), humanDuration(r.buildMs), ...ls.map((l) => cacheCell(data, l))]);
  if (rows.length === 0 && ls.length > 0) rows.push([DASH, DASH, DASH, DASH, ...ls.map((l) => cacheCell(data, l))]);
  return { header, rows };
}
function versionsLine(data) {
  if (data.lead) return data.lead;
  const parts = [`Go ${data.goVersion || "unknown"}`, `Fyne ${data.fyneVersion || "not used"}`];
  if (data.releaseVersion) parts.push(`release ${data.releaseVersion}`);
  return parts;
}
var rightAligned = (header) => header === "Size" || header === "Build time";
var mdCell = markdownText;
function renderSummaryMarkdown(data) {
  const { header, rows } = summaryTable(data);
  const lines = [
    "### go-fyne-action",
    "",
    versionsLine(data).map((p) => `**${mdCell(p.replace(/ .*/, ""))}** ${mdCell(p.replace(/^\S+ /, ""))}`).join(" \xB7 "),
    "",
    `| ${header.map(mdCell).join(" | ")} |`,
    `| ${header.map((h) => rightAligned(h) ? "---:" : "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(mdCell).join(" | ")} |`),
    ""
  ];
  for (const l of lists(data)) lines.push(`**${l.heading}**`, "", ...l.items.map((i) => `- ${mdItem(i)}`), "");
  return lines.join("\n");
}
function renderSummaryText(data) {
  const { header, rows } = summaryTable(data);
  const text = (s) => controlFree(s).replace(/\n+/g, " ").replace(DASH, "-");
  const all = [header, ...rows].map((r) => r.map(text));
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const fmt = (r) => r.map((c, i) => rightAligned(header[i]) ? c.padStart(widths[i]) : c.padEnd(widths[i])).join("  ").trimEnd();
  const below = lists(data).flatMap((l) => ["", `${l.heading}:`, ...l.items.map((i) => `  - ${text(i)}`)]);
  return [versionsLine(data).join(", "), "", fmt(all[0]), widths.map((w) => "-".repeat(w)).join("  "), ...all.slice(1).map(fmt), ...below, ""].join("\n");
}
function rowsFromArtifacts(artifacts) {
  return artifacts.filter((a) => a.kind !== "checksums").map((a) => {
    const row = {
      target: a.target,
      file: `${a.name || basename(a.path)}${a.signed ? ` (signed: ${a.signed}${a.notarized ? ", notarized" : ""})` : ""}`,
      size: a.size
    };
    if (a.buildMs !== void 0) row.buildMs = a.buildMs;
    return row;
  });
}

export {
  withTold,
  renderSummaryMarkdown,
  renderSummaryText,
  rowsFromArtifacts
};
