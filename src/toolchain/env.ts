/**
 * Exporting an installed Go to the rest of the job: the pure part says which variables and
 * PATH entries (GOROOT, GOTOOLCHAIN=local so the go command never switches toolchains behind
 * our back, GOPATH/bin and GOROOT/bin on PATH); the thin part applies them through the Runtime.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { GoOS } from '../host.js';
import type { Runtime } from '../runtime.js';
import { goBinary } from './toolcache.js';

export interface GoEnvironment {
  /** Variables to export, in order. */
  variables: [name: string, value: string][];
  /** Folders to put on PATH, in the order they are added (the last added comes first). */
  paths: string[];
  /** The go command of this GOROOT. */
  goBin: string;
}

/** The environment for Go at goroot on os; GOPATH is the first entry of env.GOPATH, else ~/go. */
export function goEnvironment(goroot: string, os: GoOS, env: NodeJS.ProcessEnv, home: string = homedir()): GoEnvironment {
  const gopath = env.GOPATH?.split(os === 'windows' ? ';' : ':')[0] || join(home, 'go');
  return {
    variables: [
      ['GOROOT', goroot],
      ['GOTOOLCHAIN', 'local'],
    ],
    paths: [join(gopath, 'bin'), join(goroot, 'bin')],
    goBin: goBinary(goroot, os),
  };
}

/** Exports Go at goroot to the job (and to rt.env); returns its go command. */
export function exportGo(rt: Runtime, goroot: string): string {
  const e = goEnvironment(goroot, rt.host.os, rt.env);
  for (const [name, value] of e.variables) rt.exportVariable(name, value);
  for (const p of e.paths) rt.addPath(p);
  return e.goBin;
}
