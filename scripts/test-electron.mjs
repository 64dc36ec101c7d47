// `npm run test:electron`: the integration tests in desktop VS Code, through @vscode/test-electron.
// For machines with a display (or xvfb-run) and a network: unless you pass --code, it downloads
// VS Code into .vscode-test/. On a machine without either, use `npm run test:integration`
// (code-server + headless Chromium) instead: same tests, same index.
//
//   node scripts/test-electron.mjs [--code PATH_TO_CODE_EXECUTABLE] [--version 1.99.3|stable|insiders] [--no-build] [--workspace DIR]
//
// Environment: LIT_NOTES_CODE_PATH (same as --code), LIT_NOTES_VSCODE_VERSION (same as --version),
// LIT_NOTES_GREP=<regexp> (only matching tests).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { runTests } from '@vscode/test-electron';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const codePath = opt('--code') ?? process.env.LIT_NOTES_CODE_PATH;
const version = opt('--version') ?? process.env.LIT_NOTES_VSCODE_VERSION ?? 'stable';
const source = path.resolve(opt('--workspace') ?? path.join(ROOT, 'samples'));
const testsIndex = path.join(ROOT, 'out', 'test', 'integration', 'index.js');

if (!argv.includes('--no-build')) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    process.exit(r.status ?? 1);
  }
}

// Tests may write files: give them a copy of the workspace, and fresh user data / extensions.
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'lit-notes-electron-'));
const workspace = path.join(base, path.basename(source));
fs.cpSync(source, workspace, { recursive: true });

let code = 1;
try {
  code = await runTests({
    ...(codePath ? { vscodeExecutablePath: codePath } : { version }),
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: testsIndex,
    extensionTestsEnv: { LIT_NOTES_TEST: '1', ...(process.env.LIT_NOTES_GREP ? { LIT_NOTES_GREP: process.env.LIT_NOTES_GREP } : {}) },
    launchArgs: [
      workspace,
      '--disable-extensions', // other installed extensions stay out of the way
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      `--user-data-dir=${path.join(base, 'user-data')}`,
      `--extensions-dir=${path.join(base, 'extensions')}`,
    ],
  });
} catch (error) {
  console.error(`[test-electron] ${error.message ?? error}`);
  if (!codePath) {
    console.error('[test-electron] Could not download/start VS Code. Without a network, pass --code /path/to/code, or run npm run test:integration.');
  }
  code = 1;
} finally {
  fs.rmSync(base, { recursive: true, force: true });
}
process.exit(code);
