/**
 * An error the user can act on: one line naming the input, what was wrong and what is accepted.
 * Adapters print `message` alone (no stack) and exit non-zero.
 */
export class UserError extends Error {
  override name = 'UserError';
}

/** `input "go-version": "1.2.3.4" is not a version; use 1.23.4, 1.23, ^1.22, stable, ...` */
export function inputError(input: string, value: string, problem: string, accepted: string): UserError {
  return new UserError(`input "${input}": ${JSON.stringify(value)} ${problem}; ${accepted}`);
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
