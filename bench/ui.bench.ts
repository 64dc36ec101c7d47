/**
 * What the user waits for in the UI on a 100,000-paper library (issue #5: expanding a group and
 * resolving a tooltip under 50 ms each; issue #8: citation completion "instant"):
 * - grouping the library (once per load or grouping change), for each grouping;
 * - expanding the biggest group (first page) and showing 500 more;
 * - building a paper's tooltip (what resolveTreeItem does);
 * - completion after `@`: the search engine with the completion's options (50 items, no
 *   abstracts), typed one character at a time.
 */
import { groupPapers } from '../src/core/grouping';
import type { GroupBy, PaperGroup } from '../src/core/grouping';
import { paperSummaryMarkdown } from '../src/core/markdown';
import { SearchIndex } from '../src/core/search';
import { TreeModel } from '../src/tree/tree-model';
import type { GroupNode } from '../src/tree/tree-model';
import { generateLibrary } from './generate-library';

const N = Number(process.env.UI_BENCH_N ?? 100_000);
const papers = generateLibrary(N, 42);
const ctx = { statusOf: () => 'unread' as const, tagsOf: (p: { tags: readonly string[] }) => p.tags };

function time(fn: () => void, repeat = 1): number[] {
  const out: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}
function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))] ?? 0;
}
const fmt = (ms: number): string => `${ms.toFixed(2)} ms`;
const goal = (ms: number, limit: number): string => (ms < limit ? `goal < ${limit} ms: met` : `goal < ${limit} ms: MISSED`);

console.log(`UI operations on a generated library of ${N.toLocaleString('en')} papers`);
for (const by of ['date', 'source', 'organization', 'status', 'tag'] as GroupBy[]) {
  let groups: PaperGroup[] = [];
  const t = time(() => {
    groups = groupPapers(papers, by, 'date', ctx);
  }, 3);
  console.log(`group by ${by.padEnd(12)} ${fmt(pct(t, 0.5)).padStart(10)} median of 3  (${groups.length} groups; once per load or grouping change)`);
}

const groups = groupPapers(papers, 'organization', 'date', ctx);
const biggest = groups.reduce((a, b) => (b.count > a.count ? b : a));
const expand = time(() => {
  const model = new TreeModel(groups);
  const node = model.rootNodes.find((n) => n.group === biggest) as GroupNode;
  model.children(node);
}, 50);
console.log(`expand the biggest group (${biggest.count.toLocaleString('en')} papers, first page of 200): median ${fmt(pct(expand, 0.5))}, p95 ${fmt(pct(expand, 0.95))}  ${goal(pct(expand, 0.95), 50)}`);
const model = new TreeModel(groups);
const node = model.rootNodes.find((n) => n.group === biggest) as GroupNode;
const more = time(() => {
  model.showMore(node);
  model.children(node);
}, 20);
console.log(`"Show 500 more" in that group (up to ${200 + 500 * 20} shown): median ${fmt(pct(more, 0.5))}, p95 ${fmt(pct(more, 0.95))}  ${goal(pct(more, 0.95), 50)}`);
const tooltips = papers.slice(0, 2000);
const tip = time(() => {
  for (const p of tooltips) {
    paperSummaryMarkdown(p, { hasNote: false });
  }
}).map((ms) => ms / tooltips.length);
console.log(`resolve a tooltip: ${fmt(tip[0] ?? 0)} per paper (2,000 papers)  ${goal(tip[0] ?? 0, 50)}`);

const index = SearchIndex.build(papers);
index.warm();
const prefixes = ['@' + (papers[123]?.key ?? 'a'), papers[4567]?.title.split(' ').slice(0, 3).join(' ') ?? 'a', papers[999]?.authors[0]?.split(' ').pop() ?? 'a', 'transformer', 'difusion modl'];
const keystrokes: number[] = [];
for (const q of prefixes) {
  const words = q.replace(/^@/, '');
  for (let i = 1; i <= words.length; i++) {
    const typed = words.slice(0, i);
    keystrokes.push(...time(() => index.search(typed, { limit: 50, abstracts: false })));
  }
}
console.log(`@-completion (search, 50 items, no abstracts), ${keystrokes.length} keystrokes: median ${fmt(pct(keystrokes, 0.5))}, p95 ${fmt(pct(keystrokes, 0.95))}, max ${fmt(Math.max(...keystrokes))}  ${goal(pct(keystrokes, 0.95), 16)}`);
