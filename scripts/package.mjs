// `npm run package`: production build, then `vsce package` into lit-notes.vsix, then a check of
// what went in. The extension is bundled by esbuild, so no node_modules are packaged.
//
//   node scripts/package.mjs [--out FILE] [--no-build]
//
// Fails when the .vsix lacks extension/dist/, extension/media/, extension/package.json, the
// manifest's icon, the README, CHANGELOG or LICENSE, or contains sources, tests, fixtures, node_modules or local tooling.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const outIndex = argv.indexOf('--out');
const OUT = path.resolve(ROOT, outIndex >= 0 ? (argv[outIndex + 1] ?? 'lit-notes.vsix') : 'lit-notes.vsix');
const noBuild = argv.includes('--no-build');
const t0 = Date.now();

function fail(msg) {
  console.error(`[package] ERROR: ${msg}`);
  process.exit(1);
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.error || r.status !== 0) {
    fail(`${path.basename(cmd)} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`})`);
  }
}

/** File names in a zip archive, from its central directory (no dependency needed). */
export function zipEntries(file) {
  const buf = fs.readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    throw new Error(`${file} is not a zip archive`);
  }
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) {
      throw new Error(`${file}: bad central directory entry ${n}`);
    }
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    names.push(buf.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

/** Problems with the list of files in the .vsix; empty when it is right. `manifest`: package.json (its `icon` must be in). */
export function checkEntries(names, manifest = {}) {
  const problems = [];
  const has = (re) => names.some((n) => re.test(n));
  const required = [
    ['extension/dist/', /^extension\/dist\/.+/],
    ['extension/dist/extension.js', /^extension\/dist\/extension\.js$/],
    ['extension/media/', /^extension\/media\/.+/],
    ['extension/package.json', /^extension\/package\.json$/],
    ['README.md', /^extension\/readme\.md$/i],
    ['CHANGELOG.md', /^extension\/changelog\.md$/i],
    ['LICENSE', /^extension\/license(\.txt|\.md)?$/i],
  ];
  if (typeof manifest.icon === 'string') {
    const icon = `extension/${manifest.icon.replace(/^\.\//, '')}`;
    required.push([`the icon ${manifest.icon}`, new RegExp(`^${icon.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)]);
  }
  for (const [label, re] of required) {
    if (!has(re)) {
      problems.push(`missing ${label}`);
    }
  }
  /** @type {Array<[string, RegExp]>} */
  const forbidden = [
    ['src/', /^extension\/src\//],
    ['test/', /^extension\/test\//],
    ['fixtures', /(^|\/)fixtures?\//i],
    ['node_modules', /(^|\/)node_modules\//],
    ['out/', /^extension\/out\//],
    ['.code-server/', /(^|\/)\.code-server\//],
    ['test-results/', /^extension\/test-results\//],
    ['scripts/', /^extension\/scripts\//],
    ['samples/', /^extension\/samples\//],
    ['TypeScript sources', /^extension\/.*(?<!\.d)\.ts$/],
    ['a nested .vsix', /\.vsix$/],
    ['.git', /(^|\/)\.git\//],
  ];
  for (const [label, re] of forbidden) {
    const bad = names.filter((n) => re.test(n));
    if (bad.length > 0) {
      problems.push(`must not contain ${label}: ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ` (+${bad.length - 5} more)` : ''}`);
    }
  }
  return problems;
}

async function main() {
  for (const f of ['README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore']) {
    if (!fs.existsSync(path.join(ROOT, f))) {
      fail(`${f} is missing: vsce needs it${f === '.vscodeignore' ? ' (without it the .vsix would take the whole tree, .code-server/ included)' : ''}`);
    }
  }
  if (!noBuild) {
    run(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--production']);
  }
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  if (!fs.existsSync(vsce)) {
    fail('@vscode/vsce is not installed: run npm ci');
  }
  fs.rmSync(OUT, { force: true });
  const args = ['package', '--no-dependencies', '--out', OUT];
  // vsce rewrites README's relative links against GitHub/GitLab repositories only; for any other
  // host give it the base URLs explicitly (else it refuses relative links).
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const repo = (typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url ?? '').replace(/^git\+/, '').replace(/\.git$/, '');
  if (/^https?:\/\//.test(repo) && !/github\.com|gitlab\.com/.test(repo)) {
    args.push('--baseContentUrl', `${repo}/blob/HEAD/`, '--baseImagesUrl', `${repo}/raw/HEAD/`);
  }
  run(process.execPath, [vsce, ...args]);

  const names = zipEntries(OUT);
  const problems = checkEntries(names, pkg);
  const files = names.filter((n) => n.startsWith('extension/'));
  if (problems.length > 0) {
    console.error(`[package] ${path.basename(OUT)} contains:\n  ${files.join('\n  ')}`);
    fs.rmSync(OUT, { force: true });
    fail(`the .vsix is wrong (removed):\n  - ${problems.join('\n  - ')}\n  Fix .vscodeignore / package.json "files".`);
  }
  const kb = (fs.statSync(OUT).size / 1024).toFixed(0);
  console.log(`[package] ${path.relative(process.cwd(), OUT) || OUT}: ${files.length} files, ${kb} KB, contents checked, in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
