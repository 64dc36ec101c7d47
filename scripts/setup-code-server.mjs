// Installs code-server (VS Code 1.99.3 server + web workbench) into .code-server/ (git-ignored),
// with everything from the npm registry and Debian apt only: no step downloads a binary of its own.
// Idempotent: a stamp file makes a second run instant. About 2–3 minutes from nothing.
//
//   node scripts/setup-code-server.mjs [--force] [--no-apt]
//
// --force   reinstall even when the stamp is there
// --no-apt  do not install Debian packages; fail with the apt-get line when some are missing
//
// Debian packages: chromium (the browser the tests drive), ripgrep (VS Code's search binary,
// copied in place of the one @vscode/ripgrep would download), libkrb5-dev (headers for the
// `kerberos` native module), build-essential + python3 for node-gyp, and pandoc (the real client
// the citation tests check Lit Notes' citations and exports with). Installed with apt-get
// when running as root, otherwise the exact command is printed and the script exits 1.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CODE_SERVER_VERSION, CS_DIR, CS_ENTRY, CS_PKG, CS_STAMP, VSCODE_VERSION } from './code-server.mjs';

const force = process.argv.includes('--force');
const noApt = process.argv.includes('--no-apt');
const t0 = Date.now();

function say(msg) {
  console.log(`[setup-code-server] ${msg}`);
}

function fail(msg) {
  console.error(`[setup-code-server] ERROR: ${msg}`);
  process.exit(1);
}

// node-gyp must build against the installed Node's headers (/usr/include/node), never download them.
const NODEDIR = process.env.npm_config_nodedir || path.resolve(path.dirname(process.execPath), '..');
/** @type {NodeJS.ProcessEnv} */
const env = {
  ...process.env,
  npm_config_nodedir: NODEDIR,
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  npm_config_progress: 'false',
  DEBIAN_FRONTEND: 'noninteractive',
};
delete env.PORT;
// When this runs under `npm run`, npm's own per-project config would leak into the nested installs.
for (const key of Object.keys(env)) {
  if (/^npm_(package|lifecycle)_/.test(key)) {
    delete env[key];
  }
}

// `tolerated`: what to say instead of an exit code when a step is allowed to end non-zero (a
// newcomer reads "exit 1" as a failure); `log`: a file that keeps the step's output.
/** @param {string} cmd @param {string[]} args @param {{ cwd?: string, allowFail?: boolean, quiet?: boolean, tolerated?: string, log?: string }} [options] */
function sh(cmd, args, { cwd = CS_DIR, allowFail = false, quiet = false, tolerated, log } = {}) {
  const t = Date.now();
  say(`$ (cd ${path.relative(process.cwd(), cwd) || '.'} && ${cmd} ${args.join(' ')})`);
  const r = spawnSync(cmd, args, { cwd, env, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', encoding: 'utf8' });
  if (r.error) {
    fail(`${cmd}: ${r.error.message}`);
  }
  if (r.status !== 0 && !allowFail) {
    if (quiet) {
      process.stderr.write(`${r.stdout}${r.stderr}`);
    }
    fail(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  }
  if (log) {
    fs.writeFileSync(log, `$ ${cmd} ${args.join(' ')}\n${r.stdout ?? ''}${r.stderr ?? ''}\nexit status ${r.status}\n`);
  }
  const note = r.status === 0 ? '' : tolerated ? ` (${tolerated})` : ` (exit ${r.status}, tolerated)`;
  say(`  … ${((Date.now() - t) / 1000).toFixed(1)} s${note}`);
  return r;
}

function which(bin) {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).stdout.trim() || undefined;
}

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

// ------------------------------------------------------------------------------------------
// 1. Debian packages

function ensureAptPackages(needCompile) {
  const missing = [];
  if (!fs.existsSync(process.env.LIT_NOTES_CHROMIUM || '/usr/bin/chromium')) {
    missing.push('chromium');
  }
  if (!which('rg')) {
    missing.push('ripgrep');
  }
  if (needCompile) {
    if (!dpkgInstalled('libkrb5-dev')) {
      missing.push('libkrb5-dev');
    }
    if (!which('make') || !which('g++')) {
      missing.push('build-essential');
    }
    if (!which('python3')) {
      missing.push('python3');
    }
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // pandoc: the real client the citation tests render with. The demo does not need it, so without
  // root it is only mentioned (those tests then skip, and fail under CI=true).
  if (!which('pandoc')) {
    if (isRoot && !noApt) {
      missing.push('pandoc');
    } else {
      say('pandoc is not installed: the pandoc real-client tests will skip (sudo apt-get install -y pandoc)');
    }
  }
  if (missing.length === 0) {
    return;
  }
  const line = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (!isRoot || noApt) {
    fail(`missing Debian packages: ${missing.join(' ')}\n  Install them first, then run this again:\n    sudo ${line}`);
  }
  say(`installing Debian packages: ${missing.join(' ')}`);
  sh('apt-get', ['update'], { cwd: '/' });
  sh('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { cwd: '/' });
}

// ------------------------------------------------------------------------------------------
// 2. code-server from npm, native modules rebuilt locally

function stampOk() {
  return fs.existsSync(CS_STAMP) && fs.existsSync(CS_ENTRY);
}

if (stampOk() && !force) {
  ensureAptPackages(false);
  say(`code-server ${CODE_SERVER_VERSION} already installed in ${CS_DIR} (remove ${path.basename(CS_STAMP)} or pass --force to reinstall)`);
  process.exit(0);
}

if (process.versions.node.split('.')[0] !== '20') {
  say(`WARNING: code-server ${CODE_SERVER_VERSION} declares engines.node "20"; this is Node ${process.versions.node}`);
}
if (!fs.existsSync(path.join(NODEDIR, 'include', 'node', 'node_version.h'))) {
  fail(`Node headers not found in ${NODEDIR}/include/node; node-gyp would try to download them. Set npm_config_nodedir to a folder with include/node.`);
}

ensureAptPackages(true);

say(`installing code-server ${CODE_SERVER_VERSION} into ${CS_DIR}`);
fs.rmSync(CS_DIR, { recursive: true, force: true });
fs.mkdirSync(CS_DIR, { recursive: true });
// Own package.json, so npm does not climb up to the project's.
fs.writeFileSync(
  path.join(CS_DIR, 'package.json'),
  JSON.stringify({ name: 'lit-notes-code-server', private: true, description: 'code-server for Lit Notes tests; made by scripts/setup-code-server.mjs' }, null, 2) + '\n',
);
fs.writeFileSync(path.join(CS_DIR, 'config.yaml'), 'auth: none\ncert: false\n');

sh('npm', ['install', '--ignore-scripts', '--no-save', `code-server@${CODE_SERVER_VERSION}`]);

const VSCODE_DIR = path.join(CS_PKG, 'lib', 'vscode');
sh('npm', ['install', '--omit=dev', '--ignore-scripts'], { cwd: VSCODE_DIR });

// @vscode/ripgrep's install script skips the download only when bin/ exists: give it Debian's rg.
const rgBin = path.join(VSCODE_DIR, 'node_modules', '@vscode', 'ripgrep', 'bin');
fs.mkdirSync(rgBin, { recursive: true });
fs.copyFileSync(/** @type {string} */ (which('rg')), path.join(rgBin, 'rg'));
fs.chmodSync(path.join(rgBin, 'rg'), 0o755);

// Exits 1 on node-pty's compile_commands step (npx node-gyp); harmless: the require() check below decides.
// Its output (a long byte dump) goes to a log file, and is shown only when that check fails.
const REBUILD_LOG = path.join(CS_DIR, 'npm-rebuild.log');
say("building VS Code's native modules (about a minute); npm reports an error on node-pty's optional");
say('compile_commands step, which is expected: the next step loads each module to check the build');
const rebuild = sh('npm', ['rebuild'], {
  cwd: VSCODE_DIR,
  allowFail: true,
  quiet: true,
  log: REBUILD_LOG,
  tolerated: `the expected node-pty compile_commands error; output in ${path.relative(process.cwd(), REBUILD_LOG)}`,
});
const NATIVE = ['node-pty', '@vscode/spdlog', 'native-watchdog', 'kerberos', '@parcel/watcher', '@vscode/deviceid'];
const check = sh(process.execPath, ['-e', `for (const m of ${JSON.stringify(NATIVE)}) { require(m); } console.log('native modules load')`], { cwd: VSCODE_DIR, allowFail: true });
if (check.status !== 0) {
  process.stderr.write(`${rebuild.stdout}${rebuild.stderr}`.split('\n').slice(-60).join('\n') + '\n');
  fail('native modules of VS Code did not build (npm rebuild output above)');
}

const link = (target, at) => {
  fs.rmSync(at, { force: true, recursive: false });
  fs.symlinkSync(target, at);
};
link('node_modules', path.join(VSCODE_DIR, 'node_modules.asar'));
link('code-linux.sh', path.join(VSCODE_DIR, 'bin', 'remote-cli', 'code-server'));
link('browser-linux.sh', path.join(VSCODE_DIR, 'bin', 'helpers', 'browser.sh'));

sh('npm', ['install', '--omit=dev', '--ignore-scripts'], { cwd: path.join(VSCODE_DIR, 'extensions') });

// argon2 is hoisted to CS_DIR/node_modules: rebuild it there (inside code-server/ it builds nothing).
sh('npm', ['rebuild', 'argon2']);
sh(process.execPath, ['-e', "require('argon2'); console.log('argon2 loads')"]);

const version = sh(process.execPath, [CS_ENTRY, '--config', path.join(CS_DIR, 'config.yaml'), '--version'], { quiet: true });
const out = `${version.stdout}`.trim();
say(`code-server --version: ${out}`);
if (!out.includes(CODE_SERVER_VERSION) || !out.includes(`Code ${VSCODE_VERSION}`)) {
  fail(`unexpected version output: ${out}`);
}

fs.writeFileSync(CS_STAMP, `${out}\ninstalled ${new Date().toISOString()}\n`);
say(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
