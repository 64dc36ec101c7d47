// Mocha reporter: mocha's own Spec output for people, plus the counts as JSON for scripts.
//   mocha --reporter ./scripts/mocha-counting-reporter.cjs --reporter-option output=test-results/unit.json
// (or LIT_NOTES_MOCHA_RESULTS=<file>). Writes {"passed","failed","skipped"} when the run ends,
// and prints a closing "N passed, N failed" line.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

const { EVENT_RUN_END } = Mocha.Runner.constants;

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options = {}) {
    super(runner, options);
    const output = options.reporterOption?.output ?? options.reporterOptions?.output ?? process.env.LIT_NOTES_MOCHA_RESULTS;
    runner.once(EVENT_RUN_END, () => {
      const { passes = 0, failures = 0, pending = 0 } = runner.stats ?? {};
      if (output) {
        fs.mkdirSync(path.dirname(path.resolve(output)), { recursive: true });
        fs.writeFileSync(output, JSON.stringify({ passed: passes, failed: failures, skipped: pending }, null, 2) + '\n');
      }
      // After Spec's epilogue (registered first, so it runs first).
      console.log(`${passes} passed, ${failures} failed${pending > 0 ? `, ${pending} skipped` : ''}`);
    });
  }
}

module.exports = CountingReporter;
