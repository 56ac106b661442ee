/** The cross-compile engine: parse inputs, plan builds (pure), ensure deps, run, inspect. */
export * from './targets.js';
export * from './options.js';
export * from './fyne.js';
export * from './metadata.js';
export * from './compilers.js';
export * from './plan.js';
export * from './project.js';
export * from './deps.js';
export * from './run.js';
export * from './inspect.js';
export * from './stage.js';
