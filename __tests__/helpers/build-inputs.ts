/** BuildInputs for planner tests: the action's defaults (src/inputs.ts), with `over` on top. */
import type { BuildInputs } from '../../src/compile/plan.js';

/** Targets as `os/arch` ids. */
export const targetsOf = (...ids: string[]): BuildInputs['targets'] => ids.map((id) => ({ os: id.split('/')[0] ?? '', arch: id.split('/')[1] ?? '' }));

export function buildInputs(over: Partial<BuildInputs> = {}): BuildInputs {
  return {
    targets: targetsOf('linux/amd64'),
    package: '.',
    name: '',
    outputDir: '/src/app/dist',
    tags: [],
    ldflags: '',
    buildmode: 'exe',
    trimpath: true,
    strip: true,
    cgo: 'auto',
    release: true,
    windowsSubsystem: 'auto',
    macosMinVersion: '11.0',
    cc: {},
    ...over,
  };
}
