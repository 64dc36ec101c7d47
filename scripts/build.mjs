// Bundles the extension and the CLI with esbuild into dist/, and the integration tests into out/.
// Usage: node scripts/build.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, rmSync, mkdirSync, copyFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extensionBuilds } from './esbuild-plugins.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
};

function listTests(dir) {
  const abs = path.join(root, dir);
  if (!existsSync(abs)) {
    return [];
  }
  return readdirSync(abs, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  // Activation stays light (issue #17): one shared vscode import, heavy packages loaded on first use.
  ...extensionBuilds(common, root, 'dist'),
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['src/parse-worker.ts'], outfile: 'dist/parse-worker.js' },
];
const integration = listTests('test/integration');
if (integration.length > 0) {
  // Bundled per test file (so tests can import src/core and test/support), with vscode and mocha
  // left as run-time requires: the extension host provides vscode, node_modules provides mocha.
  builds.push({ ...common, entryPoints: integration, outdir: 'out/test/integration', outbase: 'test/integration', external: ['vscode', 'mocha'], sourcemap: true, minify: false });
}
const helpers = listTests('test/support');
if (helpers.length > 0) {
  builds.push({ ...common, bundle: false, entryPoints: helpers, outdir: 'out/test/support', sourcemap: true });
}

// Codicons for the detail webview, served from media/ (the only local resource root).
const codicons = path.join(root, 'node_modules', '@vscode', 'codicons', 'dist');
mkdirSync(path.join(root, 'media', 'codicons'), { recursive: true });
for (const f of ['codicon.css', 'codicon.ttf']) {
  copyFileSync(path.join(codicons, f), path.join(root, 'media', 'codicons', f));
}

if (!watch) {
  rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  rmSync(path.join(root, 'out'), { recursive: true, force: true });
}
if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching for changes…');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
