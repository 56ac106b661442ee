/**
 * External tools a test runs: checked before the test uses them, so that a missing one fails the
 * test at once with its name and package instead of an ENOENT deep inside, or a time-out.
 * scripts/test-tools.mjs (the first step of `npm test`) installs them.
 */
import { missingTools } from '../../scripts/test-tools.mjs';
import { findLlvmLipo } from './macho-go.js';

export function requireTools(...cmds: string[]): void {
  const missing = missingTools(cmds);
  if (missing.length > 0) {
    throw new Error(`missing test tool(s): ${missing.join(', ')}; \`node scripts/test-tools.mjs\` installs them (as root or with sudo)`);
  }
}

/** llvm-lipo (llvm-lipo-19 or llvm-lipo), or a failure naming it. */
export function requireLlvmLipo(): string {
  const lipo = findLlvmLipo();
  if (!lipo) requireTools('llvm-lipo-19');
  return lipo!;
}
