/**
 * The one small interface both cache stores implement. Neither method ever throws: cache
 * trouble is a warning and the build goes on cold.
 */

export interface CacheLog {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
}

export interface RestoreOutcome {
  /** The key that matched (exact or by restore-key prefix); undefined on a miss or failure. */
  matchedKey?: string;
  /** Set when the restore failed (service error, time-out, corrupt archive...). */
  failure?: string;
}

export interface SaveOutcome {
  /** saved: uploaded; exists: another job saved this key first (theirs is kept); failed: see message. */
  status: 'saved' | 'exists' | 'failed';
  message?: string;
}

export interface CacheBackend {
  readonly name: 'github' | 'local';
  /**
   * Restores `paths` from the entry with exactly `key`, else from the newest entry whose key
   * starts with the first restore-key that has one, and so on.
   */
  restore(paths: string[], key: string, restoreKeys: string[]): Promise<RestoreOutcome>;
  /** Saves `paths` under `key`. Keys are immutable: an existing key is never overwritten. */
  save(paths: string[], key: string): Promise<SaveOutcome>;
}

/** Resolves with `fallback()` after `ms` instead of waiting on `p` (which is left to settle). */
export function withTimeout<T>(p: Promise<T>, ms: number, fallback: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback()), ms);
    timer.unref();
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}
