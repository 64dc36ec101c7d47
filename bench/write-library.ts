/**
 * Writes a generated library for the UI benchmarks: `node --import tsx bench/write-library.ts FILE N`
 * writes N papers (with abstracts) as BibTeX to FILE and prints one JSON line:
 * - `titles`: a sample of the titles (every N/20th paper) for the typing benchmark to type;
 * - `abstractQueries`: for some of those sampled papers, `{ key, title, query }` where `query` is
 *   two words of the paper's abstract that appear in no title, author, key, venue or organisation
 *   of the library and together in no other paper's abstract: searching it finds that paper
 *   through its abstract only (the reopen benchmark times it).
 */
import { writeFileSync } from 'node:fs';
import type { Paper } from '../src/core/model';
import { toBibtex } from './formats';
import { generateLibrary } from './generate-library';

const [file, n] = process.argv.slice(2);
if (!file || !n) {
  throw new Error('usage: write-library.ts FILE N');
}
const papers = generateLibrary(Number(n), 42);
writeFileSync(file, toBibtex(papers));
const step = Math.max(1, Math.floor(papers.length / 20));
const sampled = papers.filter((_, i) => i % step === 0).slice(0, 20);

const words = (text: string): string[] => text.toLowerCase().match(/[a-z]+/g) ?? [];

/** Two abstract-only words that only `target` has together, rarest first; undefined when none. */
function abstractQueries(all: readonly Paper[], targets: readonly Paper[]): { key: string; title: string; query: string }[] {
  const elsewhere = new Set<string>();
  const df = new Map<string, number>();
  for (const p of all) {
    for (const w of words([p.title, p.key, ...p.authors, p.venue ?? '', p.organization ?? ''].join(' '))) {
      elsewhere.add(w);
    }
    for (const w of new Set(words(p.abstract ?? ''))) {
      df.set(w, (df.get(w) ?? 0) + 1);
    }
  }
  // The rarest few words of each target's abstract (long enough not to be a prefix of many others).
  const candidates = targets.map((p) =>
    [...new Set(words(p.abstract ?? ''))]
      .filter((w) => w.length >= 7 && !elsewhere.has(w))
      .sort((a, b) => (df.get(a) ?? 0) - (df.get(b) ?? 0) || a.localeCompare(b))
      .filter((w) => ![...elsewhere].some((e) => e.startsWith(w)))
      .slice(0, 5),
  );
  const pairs = candidates.map((c) => c.flatMap((a, i) => c.slice(i + 1).map((b) => [a, b] as const)));
  // How many papers have both words of each pair (a second pass over the abstracts).
  const both = pairs.map((ps) => ps.map(() => 0));
  for (const p of all) {
    const mine = new Set(words(p.abstract ?? ''));
    pairs.forEach((ps, t) => ps.forEach(([a, b], k) => {
      if (mine.has(a) && mine.has(b)) {
        both[t]![k]! += 1;
      }
    }));
  }
  return targets.flatMap((p, t) => {
    const k = both[t]!.indexOf(1);
    const pair = pairs[t]![k];
    return k < 0 || !pair ? [] : [{ key: p.key, title: p.title, query: pair.join(' ') }];
  });
}

process.stdout.write(JSON.stringify({ titles: sampled.map((p) => p.title), abstractQueries: abstractQueries(papers, sampled.slice(0, 6)) }) + '\n');
