/**
 * Entry point of the integration tests inside the VS Code extension host (`extensionTestsPath`).
 * Runs every `*.test.js` next to this file (after build: out/test/integration/**) with mocha.
 *
 * Used by scripts/run-integration.mjs (code-server + Chromium), scripts/test-electron.mjs
 * (desktop VS Code) and the "Integration Tests" launch configuration.
 *
 * Environment: LIT_NOTES_GREP=<regexp> runs only the matching tests; LIT_NOTES_SUITE=multi-root
 * runs only multi-root/ (the window is a multi-root workspace), which is otherwise left out.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

function testFiles(dir: string): string[] {
  const multiRoot = process.env.LIT_NOTES_SUITE === 'multi-root';
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.js') && f.startsWith(`multi-root${path.sep}`) === multiRoot)
    .sort()
    .map((f) => path.join(dir, f));
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, slow: 5_000 });
  const grep = process.env.LIT_NOTES_GREP;
  if (grep) {
    mocha.grep(new RegExp(grep));
  }
  const files = testFiles(__dirname);
  files.forEach((f) => mocha.addFile(f));
  console.log(`Lit Notes integration tests: ${files.length} file(s) in ${__dirname}`);

  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run(() => {
        const stats = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
        const { passes, failures, pending } = stats;
        // The closing line scripts/run-integration.mjs reads the counts from.
        console.log(`${passes} passed, ${failures} failed${pending > 0 ? `, ${pending} skipped` : ''}`);
        if (failures > 0) {
          reject(new Error(`${failures} integration test(s) failed`));
        } else if (passes === 0) {
          reject(new Error('no integration test ran'));
        } else {
          resolve();
        }
      });
    } catch (error) {
      console.error(error);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
