// Writes action.yml and the README's input/output tables from src/inputs.ts.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';

const out = await build({ entryPoints: ['src/docs.ts'], bundle: true, platform: 'node', format: 'esm', write: false });
const mod = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
writeFileSync('action.yml', mod.renderActionYml());
writeFileSync('README.md', mod.renderReadme(readFileSync('README.md', 'utf8')));
console.log('action.yml and README.md tables written');
