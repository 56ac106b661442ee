export declare const REPO_ROOT: string;
export declare const CACHE_DIR: string;
export declare const SUITE: string;
export declare const NODE24_DIR: string;
export declare const HOST_GO: string;
/** Inside a root: where Node 24 is bound; its bin/node is also /usr/local/bin/node. */
export declare const NODE_INSIDE: string;
/** The PATH of every command run inside. */
export declare const ROOT_PATH: string;

/** The cached tarball of `debootstrap --variant=minbase bookworm` (made once under .cache/fresh-root/). */
export declare function baseTarball(): Promise<string>;
/** The Debian mirror this machine's apt sources use for `suite` (not the security archive). */
export declare function hostMirror(suite?: string, files?: [string, string][]): string;
/** Mount points at or under `dir`, deepest first. */
export declare function mountsUnder(dir: string): string[];
/** Unmounts and removes the roots under `parent` whose owner process is gone; returns how many. */
export declare function removeStaleRoots(parent?: string): number;

export interface Bind {
  /** A host file or folder. */
  host: string;
  /** An absolute path inside the root. */
  inside: string;
  /** Default true. */
  readOnly?: boolean;
}
export interface FreshRootOptions {
  binds?: Bind[];
  /** false: leave the host's Go out (default: bound read-only at /usr/local/go). */
  go?: boolean;
  /** false: no /etc/resolv.conf (default: copied, for apt-get). */
  network?: boolean;
}
export interface RunOptions {
  env?: Record<string, string>;
  cwd?: string;
  input?: string;
  timeoutMs?: number;
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
}
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}
export interface FreshRoot {
  /** The folder that holds the root (and the owner file). */
  dir: string;
  /** The root itself (host path). */
  root: string;
  run(argv: string[], opts?: RunOptions): Promise<RunResult>;
  /** The host path of a path inside the root. */
  hostPath(inside: string): string;
  dispose(): Promise<void>;
}
export declare function freshRoot(dir?: string, opts?: FreshRootOptions): Promise<FreshRoot>;
