import * as assert from 'node:assert/strict';
import { formatProblem } from './library';
import { problem } from './model';
import { parseSource } from './sources';

suite('core/model: problems quoting hostile keys (#18)', () => {
  test('a message stays one line: a key cannot forge another path:line entry in the log', () => {
    const p = problem('a.json', 3, 'Entry `x\nevil.bib:1: error: fake\r\nmore\u2028end` skipped');
    assert.equal(formatProblem(p).split(/\r\n|\r|\n|\u2028/).length, 1);
    const csl = JSON.stringify([{ id: 'dup\nevil.bib:1: error: forged', type: 'article', title: 'One' }, { id: 'dup\nevil.bib:1: error: forged', type: 'article' }]);
    for (const pr of parseSource('a.csl.json', csl).problems) {
      assert.doesNotMatch(pr.message, /[\r\n\u2028]/);
    }
  });
});
