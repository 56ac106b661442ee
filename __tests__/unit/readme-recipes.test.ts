/**
 * Every `with:` block of our action in README.md and docs/*.md goes through the real input
 * contract (parseConfig, then resolveConfig, src/config.ts) on a real checkout of the example
 * app, and must be accepted: a recipe a newcomer copies never starts with a refusal. `${{ }}`
 * expressions get plausible values (a matrix entry's own, a PKCS#12-shaped certificate for the
 * secret); an expression this test does not know, or an input name action.yml does not have,
 * fails the test. The README's troubleshooting lines must be the messages the code prints.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { compilerFor } from '../../src/compile/compilers.js';
import { resolveCgo } from '../../src/compile/plan.js';
import { diskSources, parseConfig, resolveConfig } from '../../src/config.js';
import { notAllowedMessage, type DepsPlan } from '../../src/deps/plan.js';
import type { GoArch, GoOS } from '../../src/host.js';
import { INPUT_NAMES } from '../../src/inputs.js';
import { generateKeyPairSync } from 'node:crypto';
import { makeDevIdPki, type DevIdPki } from '../helpers/devid-pki.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** The outer structure of a PKCS#12 file (SEQUENCE { version 3, ContentInfo pkcs7-data }), base64: what the certificate check reads. */
const PFX = Buffer.from('3010020103300b06092a864886f70d010701', 'hex').toString('base64');

/** The Developer ID recipes' secrets: opened up front (the .p12 with its password, the .p8), so real ones from a throwaway CA, made on first use. */
let devid: { pki: DevIdPki; p8: string } | undefined;
const devidSecrets = () =>
  (devid ??= {
    pki: makeDevIdPki(mkdtempSync(join(tmpdir(), 'readme-devid-'))),
    p8: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  });

// A checkout of the example app, with what the recipes name: README, LICENSE, a fan-in download
// folder holding a job manifest, darwin slices from another job.
const ws = realpathSync(mkdtempSync(join(tmpdir(), 'readme-recipes-')));
cpSync(join(ROOT, 'examples/hello-fyne'), ws, { recursive: true });
writeFileSync(join(ws, 'README.md'), '# Hello\n');
writeFileSync(join(ws, 'LICENSE'), 'MIT\n');
mkdirSync(join(ws, 'jobs'));
writeFileSync(join(ws, 'jobs', 'Hello-Fyne_build_linux-amd64_linux-amd64.manifest.json'), '{}');
mkdirSync(join(ws, 'mac'));
for (const a of ['amd64', 'arm64']) writeFileSync(join(ws, 'mac', `Hello-Fyne_darwin_${a}`), 'x');

interface Recipe {
  /** file, heading, job and matrix entry: where the block is. */
  where: string;
  with: Record<string, unknown>;
  matrix: Record<string, unknown>;
  host: { os: GoOS; arch: GoArch };
  tag: boolean;
}

const isOurs = (uses: unknown) => typeof uses === 'string' && (uses === './' || /^go-fyne-action\/go-fyne-action@/.test(uses));

function hostOf(runsOn: string | undefined, matrix: Record<string, unknown>): Recipe['host'] {
  const r = (runsOn ?? 'ubuntu-latest').replace(/\$\{\{\s*matrix\.(\w+)\s*\}\}/g, (_, k: string) => String(matrix[k]));
  const os: GoOS = r.startsWith('macos') ? 'darwin' : r.startsWith('windows') ? 'windows' : 'linux';
  return { os, arch: os === 'darwin' || /arm/.test(r) ? 'arm64' : 'amd64' };
}

/** Every step of our action in every ```yaml block of a Markdown file, once per matrix entry. */
function recipesOf(file: string, markdown: string): Recipe[] {
  const out: Recipe[] = [];
  let heading = '';
  for (const m of markdown.matchAll(/^#{1,6} (.*)$|^```ya?ml\n([\s\S]*?)^```/gm)) {
    const [, title, yaml] = m as unknown as [string, string | undefined, string | undefined];
    if (yaml === undefined) {
      heading = title ?? '';
      continue;
    }
    const doc = parse(yaml) as unknown;
    const at = `${file} "${heading}"`;
    const steps = (list: unknown, where: string, matrix: Record<string, unknown>, host: Recipe['host'], tag: boolean) => {
      for (const s of Array.isArray(list) ? (list as Record<string, unknown>[]) : [])
        if (isOurs(s.uses)) out.push({ where, with: (s.with ?? {}) as Record<string, unknown>, matrix, host, tag });
    };
    if (Array.isArray(doc)) steps(doc, at, {}, hostOf(undefined, {}), false);
    else if (doc && typeof doc === 'object' && 'jobs' in doc) {
      const wf = doc as {
        on?: { push?: { tags?: unknown } };
        jobs: Record<string, { 'runs-on'?: string; strategy?: { matrix?: { include?: Record<string, unknown>[] } }; steps?: unknown }>;
      };
      const tag = wf.on?.push?.tags !== undefined;
      for (const [id, job] of Object.entries(wf.jobs)) {
        for (const [n, entry] of (job.strategy?.matrix?.include ?? [{}]).entries())
          steps(job.steps, `${at} job ${id}${job.strategy ? ` matrix[${n}]` : ''}`, entry, hostOf(job['runs-on'], entry), tag);
      }
    } else if (doc && typeof doc === 'object' && isOurs((doc as Record<string, unknown>).uses)) steps([doc], at, {}, hostOf(undefined, {}), false);
  }
  return out;
}

/** A plausible value for an expression a recipe uses; anything else fails the test, naming it. */
function plausible(expr: string, matrix: Record<string, unknown>): string {
  const mm = /^matrix\.([\w-]+)$/.exec(expr);
  if (mm) {
    if (matrix[mm[1]] === undefined) throw new Error(`\${{ ${expr} }} has no value in this matrix entry`);
    return String(matrix[mm[1]]);
  }
  if (expr === 'secrets.WINDOWS_CERTIFICATE') return PFX;
  if (expr === 'secrets.MACOS_CERTIFICATE') return devidSecrets().pki.p12Base64;
  if (expr === 'secrets.MACOS_CERTIFICATE_PASSWORD') return devidSecrets().pki.password;
  if (expr === 'secrets.NOTARY_KEY') return devidSecrets().p8;
  if (expr === 'secrets.NOTARY_KEY_ID') return '2X9R4HXF34';
  if (expr === 'secrets.NOTARY_ISSUER') return '69a6de7e-79b2-47e3-e053-5b8c7c11a4d1';
  if (/^secrets\.\w+$/.test(expr)) return 'a-secret';
  if (/^github\.event_name == '\w+'$/.test(expr)) return 'true';
  if (/^steps\.[\w-]+\.outputs\.[\w-]+$/.test(expr)) return 'output';
  if (expr === 'github.event.workflow_run.id') return '12345';
  throw new Error(`expression not known to this test: \${{ ${expr} }} (give it a plausible value here)`);
}

/** The raw inputs of a recipe, expressions replaced; an unknown input name throws. */
function inputsOf(r: Recipe): Record<string, string> {
  const unknown = Object.keys(r.with).filter((k) => !INPUT_NAMES.has(k));
  if (unknown.length) throw new Error(`${r.where}: unknown input(s) ${unknown.join(', ')}`);
  return Object.fromEntries(Object.entries(r.with).map(([k, v]) => [k, String(v).replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, e: string) => plausible(e, r.matrix))]));
}

async function accept(r: Recipe): Promise<void> {
  const inputs = inputsOf(r);
  const env = {
    GITHUB_WORKSPACE: ws,
    PATH: '/usr/bin:/bin',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_ATTEMPT: '1',
    ...(r.tag ? { GITHUB_REF: 'refs/tags/v1.2.3', GITHUB_REF_NAME: 'v1.2.3' } : {}),
  };
  const config = parseConfig(diskSources((n) => inputs[n] ?? '', env, r.host, ws));
  await resolveConfig(config, (p) => realpathSync(p));
}

const all = DOCS.flatMap((f) => recipesOf(f, readFileSync(join(ROOT, f), 'utf8')));

describe('every with: block in README.md and docs/*.md is accepted by the real input parser', () => {
  test('the README has the recipes a newcomer copies: usage, one job, matrix, release build + fan-in, packages', () => {
    const readme = all.filter((r) => r.where.startsWith('README.md'));
    expect(readme.length).toBeGreaterThanOrEqual(8);
    expect(readme.some((r) => r.with['release-inputs'] !== undefined)).toBe(true);
    expect(readme.some((r) => r.with['windows-certificate'] !== undefined && r.tag)).toBe(true);
    expect(readme.some((r) => Object.keys(r.with).length === INPUT_NAMES.size)).toBe(true); // the usage block
  });
  test.each(all.map((r) => [r.where, r] as const))('%s', async (_, r) => {
    await expect(accept(r)).resolves.toBeUndefined();
  });
});

describe('the check can fail', () => {
  const one = (yaml: string) => recipesOf('x.md', `# H\n\`\`\`yaml\n${yaml}\`\`\`\n`);
  test('an input name action.yml does not have', () => {
    const [r] = one('- uses: go-fyne-action/go-fyne-action@v1\n  with:\n    build-tag: x\n');
    expect(() => inputsOf(r)).toThrow('x.md "H": unknown input(s) build-tag');
  });
  test('a value the parser refuses', async () => {
    const [r] = one('- uses: go-fyne-action/go-fyne-action@v1\n  with:\n    cache: yes\n');
    await expect(accept(r)).rejects.toThrow('input "cache": "yes" is not a boolean');
  });
  test('an expression the test cannot give a value', () => {
    const [r] = one('- uses: go-fyne-action/go-fyne-action@v1\n  with:\n    targets: ${{ inputs.targets }}\n');
    expect(() => inputsOf(r)).toThrow('expression not known to this test');
  });
});

describe("the README's troubleshooting lines are the messages the code prints", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Troubleshooting'));
  const quoted = [...section.slice(0, section.indexOf('\n## ', 1)).matchAll(/^- `([^`]+)`/gm)].map((m) => m[1]);
  const refusal = (inputs: Record<string, string>): string => {
    try {
      parseConfig(diskSources((n) => inputs[n] ?? '', { GITHUB_WORKSPACE: ws, PATH: '/usr/bin:/bin' }, { os: 'linux', arch: 'amd64' }, ws));
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error(`accepted: ${JSON.stringify(inputs)}`);
  };
  const thrown = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('did not throw');
  };
  const linux = { os: 'linux', arch: 'amd64' };
  const plan: DepsPlan = {
    system: 'apt',
    packages: ['gcc'],
    foreignArchs: [],
    hostArch: 'amd64',
    reasons: { gcc: ['linux/amd64'] },
    xcode: false,
    commands: {},
  };
  const produced = [
    refusal({ targets: 'macos/arm64' }),
    thrown(() => compilerFor(linux, { os: 'darwin', arch: 'arm64' })),
    thrown(() => compilerFor(linux, { os: 'windows', arch: 'arm64' })),
    thrown(() => resolveCgo({ cgo: 'false', buildmode: 'exe' }, true, { os: 'linux', arch: 'amd64' })),
    notAllowedMessage(plan, ['gcc'], 'false'),
    refusal({ 'linux-packages': 'deb', targets: 'linux/amd64' }),
    refusal({ 'go-version': '1.25-rc.1' }),
    refusal({ 'go-version': '1.25', 'go-version-file': 'go.mod' }),
    refusal({ cache: 'yes' }),
    refusal({ 'release-inputs': 'jobs', targets: 'linux/amd64' }),
  ];
  test('ten lines, each one message as printed (a trailing ... stands for the run-specific rest)', () => {
    expect(quoted).toHaveLength(10);
    expect(quoted.map((q, i) => (q.endsWith('...') ? produced[i].slice(0, q.length - 3) + '...' : produced[i]))).toEqual(quoted);
  });
});
