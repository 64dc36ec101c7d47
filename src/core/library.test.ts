import * as assert from 'node:assert/strict';
import { comparePapers, keyLibrary } from './library';
import type { Paper } from './model';

function paper(key: string, title: string, date?: string): Paper {
  return { key, title, authors: [], tags: [], sources: [{ path: 'a.bib', line: 1, format: 'bibtex' }], ...(date ? { date } : {}) };
}

suite('core/library order', () => {
  const papers = [
    paper('z1', 'Zebra stripes', '2024-01-02'),
    paper('e3', 'Ezra', '2023'),
    paper('e1', 'Évolution des modèles', '2023'),
    paper('e0', 'Eve', '2023'),
    paper('a2', 'apple', '2023'),
    paper('a1', 'Apple', '2023'),
    paper('u1', 'Undated paper'),
    paper('b1', 'Banana', '2024-01-02'),
  ];

  test('newest first; a date\'s papers by title, accents and case folded; undated last; then by key', () => {
    const library = keyLibrary({ records: papers.map((p) => ({ ...p, keyOrigin: 'source' as const })), problems: [], sources: [], recordCount: papers.length });
    assert.deepEqual(
      library.papers.map((p) => p.title),
      ['Banana', 'Zebra stripes', 'apple', 'Apple', 'Eve', 'Évolution des modèles', 'Ezra', 'Undated paper'],
    );
  });

  test('comparePapers agrees with the library order and is antisymmetric', () => {
    const library = keyLibrary({ records: papers, problems: [], sources: [], recordCount: papers.length });
    const sorted = [...papers].sort(comparePapers);
    assert.deepEqual(sorted.map((p) => p.title), library.papers.map((p) => p.title));
    for (const a of papers) {
      for (const b of papers) {
        assert.equal(Math.sign(comparePapers(a, b)) + Math.sign(comparePapers(b, a)), 0, `${a.key} vs ${b.key}`);
      }
    }
  });
});
