
// src/system/escape.ts
function visible(c) {
  const code = c.codePointAt(0) ?? 0;
  return code < 256 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}
var CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
function controlFree(text) {
  return text.replace(/\r\n?/g, "\n").replace(CONTROLS, visible);
}
function safeLine(line) {
  let l = line.replace(/##\[/g, "#\u2060#[");
  if (l.trimStart().startsWith("::")) l = `> ${l}`;
  return l;
}
function logText(message) {
  return controlFree(message).split("\n").map(safeLine).join("\n");
}
function annotationText(message) {
  return controlFree(message).replace(/##\[/g, "#\u2060#[");
}
function markdownText(text) {
  return controlFree(text).replace(/\n+/g, " ").replace(/[\\`*[\]|]/g, (c) => `\\${c}`).replace(/[_~]/g, (c, at, s) => /[\p{L}\p{N}]/u.test(s[at - 1] ?? "") && /[\p{L}\p{N}]/u.test(s[at + 1] ?? "") ? c : `\\${c}`).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export {
  controlFree,
  logText,
  annotationText,
  markdownText
};
