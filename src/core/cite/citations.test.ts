import * as assert from 'node:assert/strict';
import { growth } from '../complexity/growth';
import type { CiteKeyRef } from './key-ref';
import { citationAt } from './key-ref';
import { completionContext } from './completion-context';
import { findLatexCitations } from './latex-citations';
import { findMarkdownCitations, findWikiLinks } from './markdown-citations';

/** [key, kind] pairs, after checking that every ref's offsets point at its key. */
function pairs(text: string, refs: readonly CiteKeyRef[]): Array<[string, CiteKeyRef['kind']]> {
  for (const r of refs) {
    assert.equal(text.slice(r.start, r.end), r.key, `offsets of ${r.key}`);
  }
  return refs.map((r) => [r.key, r.kind]);
}

const md = (text: string): Array<[string, CiteKeyRef['kind']]> => pairs(text, findMarkdownCitations(text));
const tex = (text: string): string[] => pairs(text, findLatexCitations(text)).map(([k]) => k);

suite('core/cite: citations in documents', () => {
  suite('findMarkdownCitations', () => {
    test('bracketed lists with prefixes, locators and suppressed authors', () => {
      assert.deepEqual(md('As shown [@a; @b, chap. 2].'), [
        ['a', 'pandoc'],
        ['b', 'pandoc'],
      ]);
      assert.deepEqual(md('[see @a, p. 3]'), [['a', 'pandoc']]);
      assert.deepEqual(md('Smith says [-@smith04].'), [['smith04', 'pandoc']]);
      assert.deepEqual(md('[see @a, pp. 33-35; also @b2020, chap. 1]'), [
        ['a', 'pandoc'],
        ['b2020', 'pandoc'],
      ]);
    });

    test('exact offsets', () => {
      const text = 'x [@a; -@bc] @d.';
      assert.deepEqual(findMarkdownCitations(text), [
        { key: 'a', start: 4, end: 5, kind: 'pandoc' },
        { key: 'bc', start: 9, end: 11, kind: 'pandoc' },
        { key: 'd', start: 14, end: 15, kind: 'pandoc-bare' },
      ]);
    });

    test('in-text citations are bare, with or without a locator', () => {
      assert.deepEqual(md('@smith04 says [p. 33] so.'), [['smith04', 'pandoc-bare']]);
      assert.deepEqual(md('@a'), [['a', 'pandoc-bare']]);
      assert.deepEqual(md('line one\n@b at a line start'), [['b', 'pandoc-bare']]);
      assert.deepEqual(md('(@c)'), [['c', 'pandoc-bare']]);
    });

    test('trailing punctuation is not part of the key; internal punctuation is', () => {
      assert.deepEqual(md('See @a.'), [['a', 'pandoc-bare']]);
      assert.deepEqual(md('See @a:b.'), [['a:b', 'pandoc-bare']]);
      assert.deepEqual(md('See @doe-2020, and @x.y.z?'), [
        ['doe-2020', 'pandoc-bare'],
        ['x.y.z', 'pandoc-bare'],
      ]);
      assert.deepEqual(md('@a--b'), [['a', 'pandoc-bare']]);
      assert.deepEqual(md('@_under_score_'), [['_under_score_', 'pandoc-bare']]);
      assert.deepEqual(md('@2020report'), [['2020report', 'pandoc-bare']]);
      assert.deepEqual(md('@müller2020ü!'), [['müller2020ü', 'pandoc-bare']]);
      assert.deepEqual(md('[@https://example.com/x]'), [['https://example.com/x', 'pandoc']]);
    });

    test('braced keys', () => {
      const text = 'See [@{odd key.}; @{a{b}c}] and @{x:y}.';
      assert.deepEqual(md(text), [
        ['odd key.', 'pandoc'],
        ['a{b}c', 'pandoc'],
        ['x:y', 'pandoc-bare'],
      ]);
      assert.equal(findMarkdownCitations(text)[0]?.start, 7);
      assert.deepEqual(md('@{} and @{unclosed'), []);
    });

    test('not e-mails, escaped @, or an @ glued to a word', () => {
      assert.deepEqual(md('Write to john.doe@example.com or x@y.com.'), []);
      assert.deepEqual(md('An escaped \\@a and [\\@b] are text.'), []);
      assert.deepEqual(md('foo@bar, a-@b, 10@c'), []);
      assert.deepEqual(md('@ alone, @. and @-'), []);
      assert.deepEqual(md('\\\\@a'), []); // after an escaped backslash: still glued to text
    });

    test('not in fenced code blocks, code spans, HTML comments or the front matter', () => {
      const text = [
        '---',
        'title: "@notakey"',
        'bibliography: refs.bib',
        '---',
        'Text [@a].',
        '',
        '```python',
        'x = "@decorator"',
        '@property',
        '```',
        '~~~~',
        '@tilde',
        '~~~',
        'still code @tilde2',
        '~~~~',
        'Inline `@code` and ``a ` @double`` then @b.',
        '<!-- @commented [@c] -->',
        'Unmatched ` backtick @d.',
      ].join('\n');
      assert.deepEqual(md(text), [
        ['a', 'pandoc'],
        ['b', 'pandoc-bare'],
        ['d', 'pandoc-bare'],
      ]);
    });

    test('front matter only at the very start; a lone --- is a rule', () => {
      assert.deepEqual(md('---\n\n@a\n---'), [['a', 'pandoc-bare']]);
      assert.deepEqual(md('Text\n---\nkey: @b\n---'), [['b', 'pandoc-bare']]);
      assert.deepEqual(md('---\ntitle: x\n@c'), [['c', 'pandoc-bare']]); // never closed: not front matter
    });

    test('an unclosed fence runs to the end of the document', () => {
      assert.deepEqual(md('@a\n```\n@b\n'), [['a', 'pandoc-bare']]);
    });

    test('code spans do not cross paragraphs', () => {
      assert.deepEqual(md('a ` b\n\n@c ` d'), [['c', 'pandoc-bare']]);
      assert.deepEqual(md('a ` b\n@c ` d'), []);
    });

    test('brackets: links are not citations, unclosed brackets are not either', () => {
      assert.deepEqual(md('[see @a](https://x.org) and [@b]'), [
        ['a', 'pandoc-bare'],
        ['b', 'pandoc'],
      ]);
      assert.deepEqual(md('[@a\n\nnext] @b'), [
        ['a', 'pandoc-bare'],
        ['b', 'pandoc-bare'],
      ]);
      assert.deepEqual(md('[see\n@a, p. 3]'), [['a', 'pandoc']]);
      assert.deepEqual(md('\\[@a]'), [['a', 'pandoc-bare']]);
    });

    test('markdown links and URLs with @ are not citations', () => {
      assert.deepEqual(md('[me](https://mastodon.social/@me) <https://x.org/@y>'), []);
    });

    test('CRLF line endings', () => {
      const text = '---\r\nt: @x\r\n---\r\n[@a]\r\n```\r\n@b\r\n```\r\n@c';
      assert.deepEqual(md(text), [
        ['a', 'pandoc'],
        ['c', 'pandoc-bare'],
      ]);
    });

    test('astral characters keep UTF-16 offsets', () => {
      const text = '😀 [@a𝔸b]';
      const refs = findMarkdownCitations(text);
      assert.deepEqual(refs, [{ key: 'a𝔸b', start: 5, end: 9, kind: 'pandoc' }]);
    });
  });

  suite('findLatexCitations', () => {
    test('cite variants, optional arguments, stars and spaces', () => {
      assert.deepEqual(tex('\\cite{a,b}'), ['a', 'b']);
      assert.deepEqual(tex('\\citep[p.~3][]{a}'), ['a']);
      assert.deepEqual(tex('\\citet*{a} \\citeauthor*{b}'), ['a', 'b']);
      assert.deepEqual(tex('\\parencite[see][12]{a} \\textcite{b} \\autocite{c} \\footcite{d} \\Textcite{e} \\citealp{f} \\citeyear{g} \\smartcite{h} \\supercite{i} \\fullcite{j}'), ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']);
      assert.deepEqual(tex('\\cite{ a , b,\n  c }'), ['a', 'b', 'c']);
      assert.deepEqual(tex('\\cite [p. 3] {a}'), ['a']);
      assert.deepEqual(tex('\\citep[{a]b}]{k}'), ['k']);
    });

    test('exact offsets', () => {
      const text = 'See \\cite{ab, cd}.';
      assert.deepEqual(findLatexCitations(text), [
        { key: 'ab', start: 10, end: 12, kind: 'latex' },
        { key: 'cd', start: 14, end: 16, kind: 'latex' },
      ]);
    });

    test('multicite commands take several groups', () => {
      assert.deepEqual(tex('\\cites{a}{b}'), ['a', 'b']);
      assert.deepEqual(tex('\\parencites(pre)(post)[p.~1]{a}[][2]{b,c} text {d}'), ['a', 'b', 'c']);
      assert.deepEqual(tex('\\cite{a}{b}'), ['a']);
    });

    test('\\nocite{*} is not a key; \\nocite{a} is', () => {
      assert.deepEqual(tex('\\nocite{*}\\nocite{a}'), ['a']);
    });

    test('comments are ignored, \\% is not a comment', () => {
      assert.deepEqual(tex('% \\cite{a}\n\\cite{b} % \\cite{c}\n50\\% \\cite{d}'), ['b', 'd']);
      assert.deepEqual(tex('\\cite{a, % b,\n c}'), ['a', 'c']);
      assert.deepEqual(tex('line\\\\% \\cite{a}\n'), []); // `\\` is a line break, then a comment
    });

    test('verbatim, \\verb and escaped backslashes', () => {
      assert.deepEqual(tex('\\begin{verbatim}\n\\cite{a}\n\\end{verbatim}\n\\verb|\\cite{b}| \\cite{c}'), ['c']);
      assert.deepEqual(tex('\\begin{comment}\\cite{a}\\end{comment}\\cite{b}'), ['b']);
      assert.deepEqual(tex('\\\\cite{a}'), []);
    });

    test('not cite commands: definitions, styles, macros as keys, unclosed groups', () => {
      assert.deepEqual(tex('\\DeclareCiteCommand{\\cite}{x}\\citestyle{authoryear}\\citetext{priv. comm.}'), []);
      assert.deepEqual(tex('\\cite{\\foo, a}'), ['a']);
      assert.deepEqual(tex('\\cite{a'), []);
      assert.deepEqual(tex('\\cite'), []);
      assert.deepEqual(tex('\\cite{a,,b,}'), ['a', 'b']);
      assert.deepEqual(tex('\\citep[unclosed{a}'), []);
      assert.deepEqual(tex('\\newcommand{\\mycite}[1]{\\cite{#1}}'), []);
    });
  });

  suite('findWikiLinks', () => {
    test('targets with aliases and headings, not in code', () => {
      const text = 'See [[vaswani2017attention]] and [[he2016deep|ResNet]], [[a#Methods]], `[[code]]`, [[ ]], \\[[esc]].';
      const links = findWikiLinks(text);
      assert.deepEqual(
        links.map((l) => l.target),
        ['vaswani2017attention', 'he2016deep', 'a'],
      );
      for (const l of links) {
        assert.equal(text.slice(l.start, l.end), l.target);
      }
      assert.deepEqual(links[0], { target: 'vaswani2017attention', start: 6, end: 26 });
    });
    test('spaces inside the brackets are trimmed', () => {
      const text = '[[ key |alias]]';
      assert.deepEqual(findWikiLinks(text), [{ target: 'key', start: 3, end: 6 }]);
    });
  });

  suite('citationAt', () => {
    const text = '[@ab; @cd] and \\ignored';
    const refs = findMarkdownCitations(text);
    test('inside, at the start and right after a key', () => {
      assert.equal(citationAt(refs, 2)?.key, 'ab');
      assert.equal(citationAt(refs, 3)?.key, 'ab');
      assert.equal(citationAt(refs, 4)?.key, 'ab');
      assert.equal(citationAt(refs, 7)?.key, 'cd');
      assert.equal(citationAt(refs, 9)?.key, 'cd');
    });
    test('outside every key', () => {
      assert.equal(citationAt(refs, 0), undefined);
      assert.equal(citationAt(refs, 1), undefined);
      assert.equal(citationAt(refs, 5), undefined);
      assert.equal(citationAt(refs, 12), undefined);
      assert.equal(citationAt([], 0), undefined);
    });
  });

  suite('completionContext', () => {
    const at = (text: string, language: 'markdown' | 'latex'): { prefix: string; start: number } | undefined => completionContext(text, text.length, language);

    test('markdown: after @ at the line start or after whitespace, [, ;, (, -', () => {
      assert.deepEqual(at('@', 'markdown'), { prefix: '', start: 1 });
      assert.deepEqual(at('See [@vas', 'markdown'), { prefix: 'vas', start: 6 });
      assert.deepEqual(at('[@a; @b', 'markdown'), { prefix: 'b', start: 6 });
      assert.deepEqual(at('[-@he2016', 'markdown'), { prefix: 'he2016', start: 3 });
      assert.deepEqual(at('(@x:y.', 'markdown'), { prefix: 'x:y.', start: 2 });
      assert.deepEqual(at('line\n@ke', 'markdown'), { prefix: 'ke', start: 6 });
      assert.deepEqual(at('[@{odd ke', 'markdown'), { prefix: 'odd ke', start: 3 });
      assert.deepEqual(completionContext('x @abc y', 6, 'markdown'), { prefix: 'abc', start: 3 });
      assert.deepEqual(completionContext('x @abc y', 4, 'markdown'), { prefix: 'a', start: 3 });
    });

    test('markdown: not in e-mails, escapes or code', () => {
      assert.equal(at('mail me@exa', 'markdown'), undefined);
      assert.equal(at('\\@a', 'markdown'), undefined);
      assert.equal(at('`code @a', 'markdown'), undefined);
      assert.equal(at('```\n@a', 'markdown'), undefined);
      assert.equal(at('---\ntitle: x\n---\n@a', 'markdown')?.prefix, 'a');
      assert.equal(at('`x` @a', 'markdown')?.prefix, 'a');
      assert.equal(at('@:', 'markdown'), undefined);
      assert.equal(at('no at here', 'markdown'), undefined);
      assert.equal(at('', 'markdown'), undefined);
    });

    test('latex: inside the braces of a cite command, after { or ,', () => {
      assert.deepEqual(at('\\cite{', 'latex'), { prefix: '', start: 6 });
      assert.deepEqual(at('\\cite{vas', 'latex'), { prefix: 'vas', start: 6 });
      assert.deepEqual(at('\\citep[p.~3][]{a, he', 'latex'), { prefix: 'he', start: 18 });
      assert.deepEqual(at('\\parencite*{a,', 'latex'), { prefix: '', start: 14 });
      assert.deepEqual(at('\\cites{a}[p. 2]{b', 'latex'), { prefix: 'b', start: 16 });
      assert.deepEqual(at('text \\textcite{x:y-z', 'latex'), { prefix: 'x:y-z', start: 15 });
    });

    test('latex: not after a closed group, in optional arguments, comments or other commands', () => {
      assert.equal(at('\\cite{a} ', 'latex'), undefined);
      assert.equal(at('\\cite{a} {b', 'latex'), undefined);
      assert.equal(at('\\citep[p.', 'latex'), undefined);
      assert.equal(at('% \\cite{a', 'latex'), undefined);
      assert.equal(at('\\ref{fig', 'latex'), undefined);
      assert.equal(at('\\cite{a b', 'latex'), undefined);
      assert.equal(at('\\cite{\\foo', 'latex'), undefined);
      assert.equal(at('plain text', 'latex'), undefined);
    });

    test('latex: a long document before the cursor', () => {
      const text = 'x'.repeat(10000) + '\n\\cite{ab';
      assert.deepEqual(at(text, 'latex'), { prefix: 'ab', start: text.length - 2 });
    });
  });

  test('large documents are scanned in linear time', () => {
    const chunk = 'Some text [@a; @b, p. 3] and `code @x` with x@y.com.\n\n```\n@z\n```\n';
    const text = chunk.repeat(20000);
    const latex = '\\cite{a,b} % \\cite{c}\n'.repeat(50000);
    assert.equal(findMarkdownCitations(text).length, 40000);
    assert.equal(findLatexCitations(latex).length, 100000);
    assert.equal(findMarkdownCitations('`'.repeat(3) + ' `a` '.repeat(30000)).length, 0);
    // Linear: 8× the text costs at most 27× the time (a ratio, never a machine's speed).
    for (const g of [
      growth('markdown', 2500, 8, (n) => chunk.repeat(n), findMarkdownCitations),
      growth('latex', 6250, 8, (n) => '\\cite{a,b} % \\cite{c}\n'.repeat(n), findLatexCitations),
      growth('code spans', 3750, 8, (n) => '`'.repeat(3) + ' `a` '.repeat(n), findMarkdownCitations),
    ]) {
      assert.ok(g.ok, g.text);
    }
  });
});
