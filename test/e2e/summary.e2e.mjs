// The library summary through the UI, with the extension installed from the .vsix:
// F1 → "Lit Notes: Show Library Summary" → an information toast "Lit Notes: N papers …",
// where N is what the CLI (the same core, over node fs) counts in the same folder.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

export default {
  'Show Library Summary from the command palette shows the summary toast': async ({ workbench, workspace, root, step, log }) => {
    await workbench.runCommand('Lit Notes: Show Library Summary');
    await step('command-run');
    const text = await workbench.toast(/Lit Notes:.*\bpapers?\b/);
    await step('summary-toast');
    log(`toast: ${text.replace(/\s*\n\s*/g, ' | ')}`);
    assert.match(text, /Lit Notes:/);

    const cli = JSON.parse(execFileSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'records', '--json', workspace], { encoding: 'utf8' }));
    const papers = Number(/(\d+) papers?\b/.exec(text)?.[1]);
    assert.ok(papers > 0, `the toast counts papers: ${text}`);
    assert.equal(papers, cli.records.length, `toast vs. litnotes records --json ${workspace}`);
  },
};
