/**
 * System packages the builds need: the pure plan (src/deps/plan.ts: which packages for which
 * targets, the apt source rewrite, the messages) and the thin install (src/deps/apt.ts: dpkg,
 * apt-get, sudo). One entry for the build step and for scripts/lib/product.mjs, which bundles it
 * for the scripts that prepare a machine.
 */
export * from './plan.js';
export * from './apt.js';
