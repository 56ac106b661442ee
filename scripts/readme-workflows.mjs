// Extracts every complete workflow (a ```yaml block with `on:` and `jobs:`) from README.md and
// docs/*.md into .cache/readme-workflows/, so CI can lint them with actionlint like real workflows, and
// refuses a `run:` script that holds a `${{ }}` expression (outputs and secrets reach the shell
// through `env:`; an expression in a script is pasted into it as code).
// __tests__/integration/readme-release.test.ts takes the release workflow from here and runs it.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** Every complete workflow in `markdown`: the `##`/`###` heading it is under, its YAML text and the parsed object. */
export function readmeWorkflows(markdown) {
  const out = [];
  let heading = '';
  const re = /^(#{1,6}) (.*)$|^```ya?ml\n([\s\S]*?)^```/gm;
  for (const m of markdown.matchAll(re)) {
    if (m[2] !== undefined) heading = m[2].trim();
    else if (/^on:/m.test(m[3]) && /^jobs:/m.test(m[3])) out.push({ heading, yaml: m[3], workflow: parse(m[3]) });
  }
  return out;
}

/** `job.step: the expression` for every `run:` script holding `${{`. */
export function expressionsInScripts(workflow) {
  const found = [];
  for (const [jobId, job] of Object.entries(workflow.jobs ?? {})) {
    for (const [i, step] of (job.steps ?? []).entries()) {
      for (const e of String(step.run ?? '').match(/\$\{\{[^}]*\}\}/g) ?? []) found.push(`${jobId}.steps[${i}]${step.name ? ` (${step.name})` : ''}: ${e}`);
    }
  }
  return found;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = '.cache/readme-workflows';
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = [
    'README.md',
    ...readdirSync('docs')
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  const flows = files.flatMap((file) => readmeWorkflows(readFileSync(file, 'utf8')).map((f) => ({ ...f, file })));
  flows.forEach((f, i) => writeFileSync(`${dir}/readme-${i + 1}.yml`, f.yaml));
  console.log(`${flows.length} workflows from README.md and docs/ extracted to ${dir}`);
  const bad = flows.flatMap((f) => expressionsInScripts(f.workflow).map((e) => `${f.file} "${f.heading}": ${e}`));
  for (const b of bad) console.error(`${b}: pass it through env: instead`);
  if (flows.length === 0 || bad.length > 0) process.exit(1);
}
