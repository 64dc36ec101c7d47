import * as assert from 'node:assert/strict';
import type { Paper } from '../model';
import { foldFileName, isReservedWindowsName, noteFileName, noteFileNames, safeFileName } from './file-name';

function paper(key: string, title = 'A Title'): Paper {
  return { key, title, authors: [], tags: [], sources: [{ path: 'a.bib', line: 1, format: 'bibtex' }] };
}

suite('core/notes/file-name: hostile names (#18 L2, L3)', () => {
  test('reserved Windows device names in every form are made safe', () => {
    const forms = ['CON', 'con', 'CON .md', 'CON  .md', 'NUL .txt', 'nul.tar.gz', 'COM1 .x', 'com9', 'LPT1', 'lpt3 .', 'CONIN$', 'conin$.md', 'CONOUT$', 'CoNoUt$ .txt', 'CLOCK$', 'COM¹', 'com² .md', 'LPT³', 'AUX . .', 'PRN...', 'NUL ', ' nul'];
    for (const form of forms) {
      const safe = safeFileName(form);
      assert.ok(!isReservedWindowsName(safe), `${JSON.stringify(form)} -> ${JSON.stringify(safe)}`);
      assert.ok(!isReservedWindowsName(`${safe}.md`), `${JSON.stringify(form)} -> ${JSON.stringify(safe)}.md`);
    }
    assert.equal(safeFileName('CON .md'), 'CON_ .md');
    assert.equal(safeFileName('CONIN$'), 'CONIN$_');
    assert.equal(noteFileName('{title}', paper('k', 'NUL .txt')), 'NUL_ .txt.md');
    // not device names
    for (const fine of ['CONSOLE', 'con x', 'COM10', 'nullable', 'LPT', 'CONIN', 'COM0x']) {
      assert.equal(safeFileName(fine), fine);
    }
  });

  test('keys that differ only in case get note names that differ when case is ignored; deterministic', () => {
    const papers = [paper('smith2020'), paper('Smith2020'), paper('SMITH2020'), paper('other')];
    const names = noteFileNames('{key}', papers);
    assert.deepEqual(Object.fromEntries(names), { SMITH2020: 'SMITH2020.md', Smith2020: 'Smith2020-2.md', smith2020: 'smith2020-3.md', other: 'other.md' });
    const folded = [...names.values()].map(foldFileName);
    assert.equal(new Set(folded).size, folded.length);
    // the same names whatever the order
    assert.deepEqual(Object.fromEntries(noteFileNames('{key}', [...papers].reverse())), Object.fromEntries(names));
  });

  test('suffixes never fold to another paper name or an existing note file', () => {
    const papers = [paper('a'), paper('A'), paper('a-2'), paper('b')];
    const names = noteFileNames('{key}', papers, ['B.md']);
    const folded = [...names.values()].map(foldFileName);
    assert.equal(new Set(folded).size, folded.length);
    assert.ok(!folded.includes('b.md'), JSON.stringify([...names]));
    assert.equal(names.get('a-2'), 'a-2.md');
  });

  test('20,000 keys differing only in case: linear suffixes, all distinct', () => {
    const papers: Paper[] = [];
    for (let i = 0; i < 20_000; i++) {
      // every case pattern of "abcdefghijklmno" is a different key folding to the same name
      papers.push(paper([...'abcdefghijklmno'].map((c, j) => ((i >> j) & 1 ? c.toUpperCase() : c)).join('')));
    }
    const names = noteFileNames('{key}', papers);
    assert.equal(new Set([...names.values()].map(foldFileName)).size, 20_000);
  });
});
