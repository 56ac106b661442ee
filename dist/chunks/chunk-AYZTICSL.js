import {
  exec
} from "./chunk-6WRZDILG.js";

// src/system/process.ts
import { spawn } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { StringDecoder } from "node:string_decoder";
var ProcessError = class extends Error {
  constructor(message, result) {
    super(message);
    this.result = result;
  }
  result;
  name = "ProcessError";
};
var NEVER = /^(?:INPUT_.*|STATE_.*|ACTIONS_RUNTIME_TOKEN|ACTIONS_ID_TOKEN_REQUEST_.*)$/i;
var CLI_SECRETS = /^GO_FYNE_ACTION_(?:WINDOWS_CERTIFICATE(?:_PASSWORD)?|MACOS_CERTIFICATE(?:_PASSWORD)?|NOTARY_KEY)$/i;
var CREDENTIAL_NAME = /(?:^|_)(?:TOKEN|SECRET|SECRETS|PASSWORD|PASSWD|PASSPHRASE|PASS|PAT|APIKEY|API_KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIAL|CREDENTIALS)(?:_|$)/i;
var secretValues = /* @__PURE__ */ new Set();
function registerSecretValue(value) {
  if (value.trim() !== "") secretValues.add(value);
}
function withheldReason(name, value, passEnv = []) {
  if (NEVER.test(name)) return "an input or runner token";
  if (passEnv.includes(name)) return void 0;
  if (CLI_SECRETS.test(name)) return "a secret of the CLI";
  if (CREDENTIAL_NAME.test(name)) return "named like a credential";
  if (secretValues.has(value)) return "holds a secret";
  return void 0;
}
function childEnvironment(env, passEnv = []) {
  const pass = [...passEnv, ...(env.GO_FYNE_ACTION_PASS_ENV ?? "").split(/[\s,]+/).filter(Boolean)];
  return Object.fromEntries(Object.entries(env).filter((e) => e[1] !== void 0 && withheldReason(e[0], e[1], pass) === void 0));
}
function isExecutableFile(p) {
  try {
    if (!statSync(p).isFile()) return false;
    if (process.platform !== "win32") accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
function which(command, env = process.env, platform = process.platform) {
  const exts = platform === "win32" ? ["", ...(env["PATHEXT"] ?? ".EXE;.CMD;.BAT").split(";").filter(Boolean)] : [""];
  if (isAbsolute(command) || command.includes("/") || platform === "win32" && command.includes("\\")) {
    const full = resolve(command);
    return exts.map((e) => full + e).find(isExecutableFile);
  }
  const dirs = (env["PATH"] ?? env["Path"] ?? "").split(platform === "win32" ? ";" : delimiter).filter(Boolean);
  for (const d of dirs) {
    for (const e of exts) {
      const p = join(d, command + e);
      if (isExecutableFile(p)) return p;
    }
  }
  return void 0;
}
function onPath(command, env = process.env, platform = process.platform) {
  return which(command, env, platform) !== void 0;
}
async function run(argv, o = {}) {
  const [command, ...args] = argv;
  if (!command) throw new ProcessError("empty command");
  const env = o.env ?? process.env;
  const exe = which(command, env);
  if (!exe) throw new ProcessError(/[\\/]/.test(command) ? `${command} does not exist or is not executable` : `${command} was not found on PATH`);
  const out = [];
  const err = [];
  const partial = { stdout: "", stderr: "" };
  const decoders = { stdout: new StringDecoder("utf8"), stderr: new StringDecoder("utf8") };
  const feed = (stream, b) => {
    if (!o.onLine) return;
    const lines = (partial[stream] + (b ? decoders[stream].write(b) : decoders[stream].end())).split(/\r?\n/);
    partial[stream] = b ? lines.pop() ?? "" : "";
    for (const l of b ? lines : lines.filter((x) => x !== "")) o.onLine(l, stream);
  };
  const listeners = {
    stdout: (b) => {
      out.push(b);
      feed("stdout", b);
    },
    stderr: (b) => {
      err.push(b);
      feed("stderr", b);
    }
  };
  const childEnv = childEnvironment(env, o.passEnv);
  const code = o.input === void 0 && o.timeoutMs === void 0 ? await exec(exe, args, { cwd: o.cwd, env: childEnv, silent: true, ignoreReturnCode: true, listeners }) : await spawnRun(exe, args, o.input, { cwd: o.cwd, env: childEnv, timeoutMs: o.timeoutMs }, listeners);
  feed("stdout", void 0);
  feed("stderr", void 0);
  return { code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
}
function spawnRun(exe, args, input, o, listeners) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(exe, args, { cwd: o.cwd, env: o.env, stdio: [input === void 0 ? "ignore" : "pipe", "pipe", "pipe"], windowsHide: true });
    let timedOut = false;
    const timer = o.timeoutMs === void 0 ? void 0 : setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, o.timeoutMs);
    child.stdout.on("data", listeners.stdout);
    child.stderr.on("data", listeners.stderr);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise(timedOut ? 124 : code ?? 1);
    });
    if (child.stdin) {
      child.stdin.on("error", () => void 0);
      child.stdin.end(input);
    }
  });
}
function spawnPiped(argv, o = {}) {
  const [command, ...args] = argv;
  if (!command) throw new ProcessError("empty command");
  const env = o.env ?? process.env;
  return spawn(which(command, env) ?? command, args, { cwd: o.cwd, env: childEnvironment(env), stdio: ["ignore", "pipe", "pipe"], windowsHide: true });
}
async function runOk(argv, what, o = {}) {
  const r = await run(argv, o);
  if (r.code !== 0) {
    const tail = (r.stderr || r.stdout).trim().split("\n").slice(-15).join("\n");
    throw new ProcessError(`${what} failed (exit ${r.code}): ${argv.join(" ")}${tail ? `
${tail}` : ""}`, r);
  }
  return r.stdout;
}

export {
  ProcessError,
  registerSecretValue,
  which,
  onPath,
  run,
  spawnPiped,
  runOk
};
