/**
 * Search quality on real papers: the Daily Papers seed pages (titles and abstracts), mixed
 * into 20,000 generated distractor papers, with queries built deterministically from them:
 * (a) the title with one typo in a word of 5+ letters → the paper in the top 3;
 * (b) a distinctive 4-word phrase of the abstract → top 5;
 * (c) the two most distinctive title words in reverse order → top 3;
 * (d) the first 60% of the title (typing in progress) → top 3;
 * (e) the three most distinctive title words, shuffled, one with a typo → top 3.
 * Hit rates are printed; the thresholds sit a little below what the engine reaches, so a
 * ranking regression fails the suite.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { generateLibrary } from '../../../bench/generate-library';
import { SEEDS } from '../../../test/paths';
import type { Paper } from '../model';
import { SearchIndex } from './search-index';
import { STOP_WORDS } from './tokenize';

/** Tiny local extractor (not the real parser): a short line, a blank line, a long paragraph. */
function seedPapers(): Paper[] {
  const seen = new Set<string>();
  const papers: Paper[] = [];
  for (const file of readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort()) {
    const lines = readFileSync(path.join(SEEDS, file), 'utf8').split(/\r?\n/);
    for (let i = 0; i + 2 < lines.length; i++) {
      const title = (lines[i] ?? '').trim();
      const abstract = (lines[i + 2] ?? '').trim();
      if (title.length < 8 || title.length > 300 || (lines[i + 1] ?? '').trim() !== '' || abstract.length < 200 || title.length >= abstract.length) {
        continue;
      }
      const norm = title.toLowerCase().replace(/[^a-z0-9]+/g, '');
      if (seen.has(norm)) {
        continue;
      }
      seen.add(norm);
      papers.push({ key: `seed${papers.length}`, title, abstract, authors: [], tags: [], sources: [] });
    }
  }
  return papers;
}

/** Lower-case alphabetic words of a text (punctuation stripped at both ends). */
function words(text: string): string[] {
  return text.split(/\s+/).map((w) => w.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, ''));
}

function documentFrequencies(texts: readonly string[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const t of texts) {
    for (const w of new Set(words(t).map((x) => x.toLowerCase()))) {
      df.set(w, (df.get(w) ?? 0) + 1);
    }
  }
  return df;
}

/** (a) One typo in the middle of a word of 5+ letters: substitution, deletion or transposition, by paper index. */
function typoQuery(title: string, i: number): string | undefined {
  const parts = title.split(' ');
  const eligible = parts.map((w, j) => [w, j] as const).filter(([w]) => /^[A-Za-z]{5,}$/.test(w));
  const chosen = eligible[i % Math.max(1, eligible.length)];
  if (!chosen) {
    return undefined;
  }
  const [w, j] = chosen;
  const m = Math.floor(w.length / 2);
  let typo: string;
  switch (i % 3) {
    case 0: {
      const c = w.charCodeAt(m);
      const lower = c >= 97;
      const base = lower ? 97 : 65;
      typo = w.slice(0, m) + String.fromCharCode(base + ((c - base + 1) % 26)) + w.slice(m + 1);
      break;
    }
    case 1:
      typo = w.slice(0, m) + w.slice(m + 1);
      break;
    default:
      typo = w[m] === w[m + 1] ? w.slice(0, m) + w.slice(m + 1) : w.slice(0, m) + (w[m + 1] ?? '') + (w[m] ?? '') + w.slice(m + 2);
  }
  parts[j] = typo;
  return parts.join(' ');
}

/** (b) The 4 consecutive alphabetic words of the abstract with the highest summed idf. */
function phraseQuery(abstract: string, df: Map<string, number>, n: number): string | undefined {
  const ws = words(abstract);
  let best: string[] | undefined;
  let bestScore = -1;
  for (let i = 0; i + 4 <= ws.length; i++) {
    const window = ws.slice(i, i + 4);
    if (!window.every((w) => /^[A-Za-z][A-Za-z-]*$/.test(w))) {
      continue;
    }
    const score = window.reduce((s, w) => s + Math.log(n / (df.get(w.toLowerCase()) ?? 1)), 0);
    if (score > bestScore) {
      bestScore = score;
      best = window;
    }
  }
  return best?.join(' ');
}

/** (b') The 4 words in the middle of the abstract, distinctive or not (reported, not asserted). */
function middlePhrase(abstract: string): string {
  const ws = words(abstract).filter((w) => w !== '');
  const m = Math.floor(ws.length / 2);
  return ws.slice(m, m + 4).join(' ');
}

/** (c) The `count` title words (4+ letters, not stop words) with the highest idf, in reverse title order. */
function reversedQuery(title: string, df: Map<string, number>, count = 2): string | undefined {
  const ws = words(title)
    .map((w, i) => ({ w, i }))
    .filter(({ w }) => /^[A-Za-z]{4,}$/.test(w) && !STOP_WORDS.has(w.toLowerCase()));
  if (ws.length < count) {
    return undefined;
  }
  const top = [...ws].sort((a, b) => (df.get(a.w.toLowerCase()) ?? 0) - (df.get(b.w.toLowerCase()) ?? 0) || a.i - b.i).slice(0, count);
  top.sort((a, b) => b.i - a.i);
  return top.map((x) => x.w).join(' ');
}

interface Rate {
  hits: number;
  total: number;
  misses: string[];
}

function rate(index: SearchIndex, cases: readonly { paper: Paper; query: string | undefined }[], top: number): Rate {
  const r: Rate = { hits: 0, total: 0, misses: [] };
  for (const { paper, query } of cases) {
    if (query === undefined) {
      continue;
    }
    r.total++;
    const hits = index.search(query, { limit: top });
    if (hits.slice(0, top).some((h) => h.paper.key === paper.key)) {
      r.hits++;
    } else if (r.misses.length < 5) {
      r.misses.push(`${JSON.stringify(query)} → ${JSON.stringify(hits[0]?.paper.title.slice(0, 60))}`);
    }
  }
  return r;
}

function report(label: string, r: Rate): number {
  const pct = r.total > 0 ? (100 * r.hits) / r.total : 0;
  console.log(`      ${label}: ${r.hits}/${r.total} = ${pct.toFixed(1)}%`);
  for (const m of r.misses) {
    console.log(`        miss: ${m}`);
  }
  return pct;
}

suite('core/search quality (seed papers + 20,000 generated distractors)', () => {
  const seeds = seedPapers();
  const distractors = generateLibrary(20_000, 7);
  const index = SearchIndex.build([...distractors, ...seeds]);
  const titleDf = documentFrequencies([...seeds, ...distractors].map((p) => p.title));
  const abstractDf = documentFrequencies(seeds.map((p) => p.abstract ?? ''));

  test('the seed pages give enough papers for meaningful rates', () => {
    console.log(`      ${seeds.length} seed papers, ${distractors.length} distractors`);
    assert.ok(seeds.length >= 250, `only ${seeds.length} seed papers extracted`);
  });

  test('(a) title with one typo → top 3', () => {
    const r = rate(index, seeds.map((paper, i) => ({ paper, query: typoQuery(paper.title, i) })), 3);
    assert.ok(report('title with a typo, top 3', r) >= 97);
  });

  test('(b) distinctive 4-word abstract phrase → top 5', () => {
    const r = rate(index, seeds.map((paper) => ({ paper, query: phraseQuery(paper.abstract ?? '', abstractDf, seeds.length) })), 5);
    assert.ok(report('distinctive abstract phrase, top 5', r) >= 95);
    const m = rate(index, seeds.map((paper) => ({ paper, query: middlePhrase(paper.abstract ?? '') })), 5);
    report('(info) 4 words from the middle of the abstract, top 5', m);
  });

  test('(c) two distinctive title words in reverse order → top 3', () => {
    const r = rate(index, seeds.map((paper) => ({ paper, query: reversedQuery(paper.title, titleDf) })), 3);
    assert.ok(report('two title words reversed, top 3', r) >= 95);
  });

  test('(d) the first 60% of a title, typed without its end → top 3', () => {
    const r = rate(index, seeds.map((paper) => ({ paper, query: paper.title.slice(0, Math.ceil(paper.title.length * 0.6)) })), 3);
    assert.ok(report('60% of the title typed, top 3', r) >= 90);
  });

  test('(e) three distinctive title words, shuffled, one with a typo → top 3', () => {
    const r = rate(
      index,
      seeds.map((paper, i) => {
        const picked = reversedQuery(paper.title, titleDf, 3)?.split(' ');
        if (!picked || picked.length < 3) {
          return { paper, query: undefined };
        }
        const [a = '', b = '', c = ''] = picked;
        return { paper, query: typoQuery([b, c, a].join(' '), i) };
      }),
      3,
    );
    assert.ok(report('3 title words shuffled + typo, top 3', r) >= 90);
  });
});
