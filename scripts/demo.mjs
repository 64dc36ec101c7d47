// `npm run demo`: Lit Notes in a real VS Code in your browser (code-server), on samples/.
//
//   npm run demo [-- --port N] [--workspace DIR] [--vsix] [--no-build] [--open]
//
//   --port N         port on 127.0.0.1 (default 8080, or a free one when 8080 is taken)
//   --workspace DIR  folder to open (default samples/; opened in place, so edits are kept)
//   --vsix           package the extension and install the .vsix (default: link the repo, so
//                    `npm run build` + "Developer: Reload Window" picks up changes)
//   --no-build       skip the build
//
// Installs code-server into .code-server/ the first time (scripts/setup-code-server.mjs).
// Serves until Ctrl-C, then stops the whole code-server process group.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ROOT, SAMPLES_DIR, build, codeServerInstalled, freePort, installVsix, isStopping, linkExtension, log, makeRunDirs, onCleanup, run,
  startCodeServer, workbenchUrl,
} from './code-server.mjs';

const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
if (argv.includes('--help') || argv.includes('-h')) {
  console.log(fs.readFileSync(new URL(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n'));
  process.exit(0);
}
const workspace = path.resolve(opt('--workspace') ?? SAMPLES_DIR);
const requestedPort = opt('--port') ? Number(opt('--port')) : undefined;
if (requestedPort !== undefined && !(Number.isInteger(requestedPort) && requestedPort > 0 && requestedPort < 65536)) {
  console.error(`--port: not a port number: ${opt('--port')}`);
  process.exit(2);
}
if (!fs.existsSync(workspace) || !fs.statSync(workspace).isDirectory()) {
  console.error(`--workspace: ${workspace} is not a folder`);
  process.exit(2);
}

try {
  if (!codeServerInstalled()) {
    log('code-server is not installed yet: installing it (once, about 2 minutes)…');
    run(process.execPath, [path.join(ROOT, 'scripts', 'setup-code-server.mjs')]);
  }
  const useVsix = argv.includes('--vsix');
  if (useVsix) {
    run(process.execPath, [path.join(ROOT, 'scripts', 'package.mjs'), ...(argv.includes('--no-build') ? ['--no-build'] : [])]);
  } else if (!argv.includes('--no-build')) {
    build();
  }

  const port = requestedPort ?? (await freePort(8080));
  if (requestedPort === undefined && port !== 8080) {
    log(`port 8080 is taken; using ${port}`);
  }
  const dirs = makeRunDirs('demo');
  onCleanup(() => dirs.dispose());
  if (useVsix) {
    installVsix(path.join(ROOT, 'lit-notes.vsix'), dirs);
  } else {
    linkExtension(ROOT, dirs);
  }
  const server = await startCodeServer({ workspace, port, dirs });
  onCleanup(() => server.stop());

  const url = workbenchUrl(server, workspace);
  console.log('');
  console.log(`  Lit Notes demo: ${url}`);
  console.log(`  workspace: ${workspace}`);
  console.log(`  extension: ${useVsix ? 'lit-notes.vsix (installed)' : `${ROOT} (linked; npm run build, then "Developer: Reload Window")`}`);
  console.log('  Ctrl-C to stop.');
  console.log('');

  // Serve until Ctrl-C (the SIGINT handler in code-server.mjs stops the process group), or until
  // the server dies on its own.
  await new Promise((resolve) => {
    const poll = setInterval(() => {
      if (!server.alive() && !isStopping()) {
        clearInterval(poll);
        resolve(undefined);
      }
    }, 1000);
  });
  console.error(`[demo] code-server stopped unexpectedly; its log:\n${server.readLog().split('\n').slice(-30).join('\n')}`);
  await server.stop();
  dirs.dispose();
  process.exit(1);
} catch (error) {
  console.error(`[demo] ERROR: ${error.message}`);
  process.exit(1);
}
