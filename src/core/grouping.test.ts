import * as assert from 'node:assert/strict';
import type { Paper } from './model';
import type { GroupingContext, PaperGroup } from './grouping';
import { findGroupOf, groupPapers } from './grouping';

function paper(key: string, fields: Partial<Paper> = {}): Paper {
  return { key, title: `Title ${key}`, authors: [], tags: [], sources: [{ path: 'a.bib', line: 1, format: 'bibtex' }], ...fields };
}
const ctx: GroupingContext = { statusOf: (p) => (p.key === 'b' ? 'read' : 'unread'), tagsOf: (p) => p.tags };
const ids = (groups: readonly PaperGroup[]): string[] => groups.map((g) => g.id);

suite('core/grouping', () => {
  const papers = [
    paper('a', { date: '2024-05-01', year: 2024, upvotes: 3, organization: 'NVIDIA', tags: ['llm'] }),
    paper('b', { date: '2024-05-20', year: 2024, upvotes: 9, tags: ['llm', 'cv'], sources: [{ path: 'x.txt', line: 3, format: 'daily-papers' }, { path: 'a.bib', line: 9, format: 'bibtex' }] }),
    paper('c', { date: '2023', year: 2023 }),
    paper('d'),
  ];

  test('by date: years newest first, then months, undated last; counts include subgroups', () => {
    const groups = groupPapers(papers, 'date', 'date', ctx);
    assert.deepEqual(ids(groups), ['date:2024', 'date:2023', 'date:']);
    assert.equal(groups[0]?.count, 2);
    assert.deepEqual(ids(groups[0].subgroups), ['date:2024/05']);
    assert.equal(groups[0]?.subgroups[0]?.label, 'May 2024');
    assert.deepEqual(groups[0]?.subgroups[0]?.papers.map((p) => p.key), ['b', 'a']);
    // A year's papers without a month sit directly under the year: no "2023 (no month)" level.
    assert.equal(groups[1]?.label, '2023');
    assert.deepEqual(groups[1]?.subgroups, []);
    assert.deepEqual(groups[1]?.papers.map((p) => p.key), ['c']);
    assert.equal(groups[2]?.label, 'Undated');
  });

  test('by date: a year with months and papers without one shows the months, then those papers', () => {
    const groups = groupPapers([...papers, paper('e', { date: '2024', year: 2024, title: 'A year-only paper' })], 'date', 'date', ctx);
    assert.equal(groups[0]?.count, 3);
    assert.deepEqual(ids(groups[0]?.subgroups ?? []), ['date:2024/05']);
    assert.deepEqual(groups[0]?.papers.map((p) => p.key), ['e']);
    assert.ok(!groupPapers(papers, 'date', 'date', ctx).some((g) => g.subgroups.some((s) => /no month/.test(s.label))));
  });

  test('a paper without a publication date is grouped and sorted by the day it was listed on Daily Papers', () => {
    const listed = [
      paper('old', { title: 'Aardvark', listed: '2025-01-02' }),
      paper('new', { title: 'Zebra', listed: '2025-05-05' }),
      paper('pub', { title: 'Middle', date: '2025-03-01', year: 2025, listed: '2025-12-10' }),
      paper('none', { title: 'Nothing' }),
    ];
    const groups = groupPapers(listed, 'date', 'date', ctx);
    assert.deepEqual(ids(groups), ['date:2025', 'date:']);
    assert.deepEqual(ids(groups[0]?.subgroups ?? []), ['date:2025/05', 'date:2025/03', 'date:2025/01']);
    assert.deepEqual(groups[1]?.papers.map((p) => p.key), ['none']);
    // In one big group, sorted by date: newest first (the listing day stands in), not alphabetical.
    const [all] = groupPapers(listed, 'tag', 'date', { ...ctx, tagsOf: () => ['all'] });
    assert.deepEqual(all?.papers.map((p) => p.key), ['new', 'pub', 'old', 'none']);
  });

  test('by source: a paper appears under every file it came from', () => {
    const groups = groupPapers(papers, 'source', 'title', ctx);
    assert.deepEqual(groups.map((g) => [g.label, g.count]), [['a.bib', 4], ['x.txt', 1]]);
  });

  test('by organisation, status and tag, with "none" groups last', () => {
    assert.deepEqual(groupPapers(papers, 'organization', 'date', ctx).map((g) => [g.label, g.count]), [['NVIDIA', 1], ['No organisation', 3]]);
    assert.deepEqual(groupPapers(papers, 'status', 'date', ctx).map((g) => [g.label, g.count]), [['Unread', 3], ['Read', 1]]);
    assert.deepEqual(groupPapers(papers, 'tag', 'date', ctx).map((g) => [g.label, g.count]), [['cv', 1], ['llm', 2], ['Untagged', 2]]);
  });

  test('sorting by upvotes and by title', () => {
    const [llm] = groupPapers(papers, 'tag', 'upvotes', { ...ctx, tagsOf: () => ['all'] });
    assert.deepEqual(llm?.papers.map((p) => p.key), ['b', 'a', 'c', 'd']);
    const [byTitle] = groupPapers([paper('z', { title: 'beta' }), paper('y', { title: 'Alpha' })], 'tag', 'title', ctx);
    assert.deepEqual(byTitle?.papers.map((p) => p.title), ['Alpha', 'beta']);
  });

  test('findGroupOf finds the leaf group and the path to it', () => {
    const groups = groupPapers(papers, 'date', 'date', ctx);
    const found = findGroupOf(groups, 'a');
    assert.equal(found?.group.id, 'date:2024/05');
    assert.equal(found?.index, 1);
    assert.deepEqual(found?.parents.map((g) => g.id), ['date:2024']);
  });
});
