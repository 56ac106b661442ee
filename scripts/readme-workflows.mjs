// Extracts every complete workflow (a ```yaml block with `on:` and `jobs:`) from README.md
// into .cache/readme-workflows/, so CI can lint them with actionlint like real workflows.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const dir = '.cache/readme-workflows';
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const blocks = [...readFileSync('README.md', 'utf8').matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1]);
let n = 0;
for (const b of blocks) {
  if (!/^on:/m.test(b) || !/^jobs:/m.test(b)) continue;
  writeFileSync(`${dir}/readme-${++n}.yml`, b);
}
console.log(`${n} README workflows extracted to ${dir}`);
if (n === 0) process.exit(1);
