
// src/context.ts
var RAN = { ran: true };
function hasBuild(ctx) {
  return "set" in ctx.plan && ctx.go !== void 0;
}
function sourceOf(plan) {
  return "gathered" in plan ? "gather" : "build";
}
function noFiles(plan) {
  return "skip" in plan ? plan.skip : void 0;
}
function buildSetStep(name, run, o = {}) {
  return {
    name,
    ...o,
    needsFiles: true,
    run: async (ctx) => hasBuild(ctx) ? run(ctx) : { skipped: noFiles(ctx.plan) ?? "the files were gathered, not built" }
  };
}
function filesStep(name, run, o = {}) {
  return { name, ...o, needsFiles: true, run: async (ctx) => noFiles(ctx.plan) !== void 0 ? { skipped: noFiles(ctx.plan) } : run(ctx) };
}
function appOf(ctx) {
  const p = ctx.plan;
  if ("gathered" in p) return p.gathered.app;
  if ("skip" in p) return { skip: p.skip, why: p.skip };
  if (!p.set.isFyne) return { skip: "not a Fyne app", why: "this project is not a Fyne app (its go.mod does not require fyne.io/fyne/v2)" };
  return { exeName: p.set.name, metadata: p.set.metadata, packageDir: p.packageDir };
}

export {
  RAN,
  sourceOf,
  noFiles,
  buildSetStep,
  filesStep,
  appOf
};
