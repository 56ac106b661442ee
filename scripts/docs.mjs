// Writes action.yml, the README's usage block and outputs table, and docs/inputs.md's table from src/inputs.ts.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';

const out = await build({ entryPoints: ['src/docs.ts'], bundle: true, platform: 'node', format: 'esm', write: false });
const mod = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
writeFileSync('action.yml', mod.renderActionYml());
writeFileSync('README.md', mod.renderReadme(readFileSync('README.md', 'utf8')));
writeFileSync('docs/inputs.md', mod.renderInputsDoc(readFileSync('docs/inputs.md', 'utf8')));
console.log('action.yml, README.md (usage, outputs) and docs/inputs.md written');
