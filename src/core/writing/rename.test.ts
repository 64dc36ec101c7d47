import * as assert from 'node:assert/strict';
import type { Paper } from '../model';
import { checkNewKey, citekeyValueRange, renameRefusal } from './rename';

function paper(key: string, fields: Partial<Paper> = {}): Paper {
  return { key, title: `Title of ${key}`, authors: [], tags: [], sources: [{ path: 'hf.json', line: 3, format: 'hf-json' }], keyOrigin: 'pinned', ...fields };
}

suite('writing: rename a citation key', () => {
  test('only generated or pinned keys are renamed; a source key names its file and line', () => {
    assert.equal(renameRefusal(paper('cheng2024'), 'cheng2024'), undefined);
    const bib = paper('he2016deep', { keyOrigin: 'source', sources: [{ path: 'library.bib', line: 12, format: 'bibtex', key: 'he2016deep' }] });
    assert.match(renameRefusal(bib, 'he2016deep') ?? '', /library\.bib:12/);
  });

  test('the new key must read whole in pandoc and LaTeX and be free', () => {
    const p = paper('a2020');
    const other = paper('b2020');
    const byKey = new Map([['a2020', p], ['b2020', other]]);
    assert.equal(checkNewKey('mine2020:x', p, byKey), undefined);
    assert.match(checkNewKey('b2020', p, byKey) ?? '', /already the key/);
    assert.match(checkNewKey('bad key', p, byKey) ?? '', /not a key/);
    assert.match(checkNewKey('', p, byKey) ?? '', /empty/);
  });

  test('the frontmatter citekey value, quoted or not', () => {
    for (const [text, value] of [
      ['---\ntitle: X\ncitekey: cheng2024\nstatus: read\n---\nBody citekey: no\n', 'cheng2024'],
      ['---\ncitekey: "cheng2024"\n---\n', 'cheng2024'],
      ["---\r\ncitekey: 'a:b'  # pinned\r\n---\r\n", 'a:b'],
    ] as const) {
      const r = citekeyValueRange(text);
      assert.ok(r, text);
      assert.equal(text.slice(r.start, r.end), value);
    }
    assert.equal(citekeyValueRange('No frontmatter\ncitekey: x\n'), undefined);
  });
});
