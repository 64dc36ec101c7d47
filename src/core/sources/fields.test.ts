import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { SAMPLES } from '../../../test/paths';
import { normalizeArxivId, normalizeDoi } from '../text';
import { arxivFromText, compactRecord, doiOf, firstUrl } from './fields';
import { parseSourceBytes } from './index';
import { mulberry32 } from '../../../test/fuzz/mutate';

/** The regexes the scanners replaced (quadratic on long runs, issue #18): the reference on short inputs. */
function oldArxiv(text: string | undefined): string | undefined {
  if (!text || !/arxiv/i.test(text)) {
    return undefined;
  }
  const m = /arxiv(?:\.org\/(?:abs|pdf|html)\/|(?:\s*preprint)?(?:\s*arxiv)?\s*[:.\s]\s*)((?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?)/i.exec(text);
  return m?.[1] ? normalizeArxivId(m[1]) : undefined;
}

function oldDoi(value: string | undefined): string | undefined {
  if (!value) {
    return undefined;
  }
  const direct = normalizeDoi(value.trim().split(/\s+/)[0]);
  if (direct) {
    return direct;
  }
  const m = /doi[^\s"<>]*?[/:]\s*(10\.\d{4,9}\/[^\s;,"<>]+)/i.exec(value);
  if (!m?.[1]) {
    return undefined;
  }
  let s = m[1];
  try {
    s = decodeURIComponent(s);
  } catch {
    // kept as is
  }
  return normalizeDoi(s);
}

const PIECES = ['arxiv', 'arXiv', 'ARXIV', 'preprint', ' ', '  ', '\t', '\n', ':', '.', '/', '2101.00001', '1234.5678', 'hep-th/9901001', 'math.AG/0101001', 'v2', '.org/abs/', '.org/pdf/', '.org/html/', 'doi', 'DOI', '10.1234/abc', '10.48550/arXiv.2101.00001', 'x', '"', '<', ';', ',', 'https://doi.org/', 'info:doi/', '%2F', 'dx.', '-'];

suite('core/sources/fields', () => {
  test('arxivFromText and doiOf agree with the regexes they replace on 30,000 random short inputs', () => {
    const rand = mulberry32(18);
    for (let n = 0; n < 30000; n++) {
      let s = '';
      const parts = 1 + Math.floor(rand() * 10);
      for (let i = 0; i < parts; i++) {
        s += PIECES[Math.floor(rand() * PIECES.length)];
      }
      assert.equal(arxivFromText(s), oldArxiv(s), `arxivFromText(${JSON.stringify(s)})`);
      assert.equal(doiOf(s), oldDoi(s), `doiOf(${JSON.stringify(s)})`);
    }
  });

  test('the usual shapes', () => {
    assert.equal(arxivFromText('arXiv preprint arXiv:2101.00001v2'), '2101.00001');
    assert.equal(arxivFromText('https://arxiv.org/abs/hep-th/9901001'), 'hep-th/9901001');
    assert.equal(arxivFromText('ArXiv 2101.00001'), '2101.00001');
    assert.equal(arxivFromText('see arxiv'), undefined);
    assert.equal(doiOf('https://doi.org/10.1000/xyz'), '10.1000/xyz');
    assert.equal(doiOf('info:doi/10.1000/a%2Fb'), '10.1000/a/b');
    assert.equal(doiOf('doi: 10.1000/xyz'), '10.1000/xyz');
    assert.equal(firstUrl('see http://x.org/a).],. now'), 'http://x.org/a');
  });

  test('records keep fast object shapes (empty fields left out, never deleted), in every sample format', () => {
    // V8's own check: a property deleted from an object turns it into a slower, bigger dictionary.
    setFlagsFromString('--allow-natives-syntax');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- %HasFastProperties compiles only in code made after the flag
    const fast = new Function('o', 'return %HasFastProperties(o)') as (o: unknown) => boolean;
    const compacted = compactRecord({ title: 'T', authors: [], tags: [], sources: [], doi: undefined, url: '  ', venue: 'V' });
    assert.deepEqual(Object.keys(compacted), ['title', 'authors', 'tags', 'sources', 'venue']);
    assert.ok(fast(compacted));
    for (const file of ['library.bib', 'reading-list.ris', 'zotero-export.csl.json', 'hf-daily-papers.json']) {
      const { records } = parseSourceBytes(file, readFileSync(path.join(SAMPLES, file)));
      assert.ok(records.length > 0, file);
      assert.deepEqual(records.filter((r) => !fast(r)).map((r) => r.title), [], file);
    }
  });
});
