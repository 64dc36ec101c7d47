import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import type { Paper } from '../model';
import type { CitationResolver } from './preview';
import { authorLabel, citationPlugin, resolvePaper } from './preview';

function paper(key: string, fields: Partial<Paper>): Paper {
  return { key, title: `Title of ${key}`, authors: [], tags: [], sources: [{ path: 'x.json', line: 1, format: 'hf-json' }], ...fields };
}

const papers = new Map<string, Paper>([
  ['cheng2024breaking', paper('cheng2024breaking', { title: 'Breaking the <Memory> Barrier', authors: ['Wei Cheng', 'Li Wang', 'Ann Smith'], year: 2024, arxivId: '2410.17243' })],
  ['he2016deep', paper('he2016deep', { title: 'Deep Residual Learning', authors: ['Kaiming He', 'Xiangyu Zhang'], year: 2016, doi: '10.1109/CVPR.2016.90', sources: [{ path: 'l.bib', line: 2, format: 'bibtex', key: 'he2016deep' }] })],
  ['DBLP:journals/corr/abs-1', paper('DBLP:journals/corr/abs-1', { authors: ['Jacob Devlin'], date: '2018-10-11' })],
]);
const resolve: CitationResolver = (key) => {
  const p = papers.get(key);
  return p ? resolvePaper(p, key === 'he2016deep' ? 'papers/he2016deep.md' : undefined) : undefined;
};

function render(text: string): string {
  const md = new MarkdownIt({ linkify: true });
  md.use(citationPlugin, resolve);
  return md.render(text);
}

function plain(html: string): string {
  return html.replace(/<[^>]+>/g, '').trim();
}

suite('writing: citations in the markdown preview', () => {
  test('author labels', () => {
    assert.equal(authorLabel({ authors: ['Wei Cheng', 'Li Wang', 'Ann Smith'], title: 't' }), 'Cheng et al.');
    assert.equal(authorLabel({ authors: ['Kaiming He', 'Xiangyu Zhang'], title: 't' }), 'He and Zhang');
    assert.equal(authorLabel({ authors: ['Ludwig van Beethoven'], title: 't' }), 'van Beethoven');
    assert.equal(authorLabel({ authors: [], organization: 'NVIDIA', title: 't' }), 'NVIDIA');
  });

  test('[@key] is "(Cheng et al., 2024)" linked to the Hugging Face page, the full title in a tooltip (escaped)', () => {
    const html = render('See [@cheng2024breaking].');
    assert.equal(plain(html), 'See (Cheng et al., 2024).');
    assert.match(html, /<a class="lit-cite" href="https:\/\/huggingface\.co\/papers\/2410\.17243" title="Breaking the &lt;Memory&gt; Barrier \(@cheng2024breaking\)"/);
  });

  test('several items, prefixes, locators and -@ (author suppressed); the note wins as the link', () => {
    const html = render('As shown [see @cheng2024breaking, p. 4; -@he2016deep].');
    assert.equal(plain(html), 'As shown (see Cheng et al., 2024, p. 4; 2016).');
    assert.match(html, /href="papers\/he2016deep\.md"/);
  });

  test('in-text @key is "Cheng et al. (2024)"; braced keys; dates give the year', () => {
    assert.equal(plain(render('@cheng2024breaking says so.')), 'Cheng et al. (2024) says so.');
    assert.equal(plain(render('[@{DBLP:journals/corr/abs-1}]')), '(Devlin, 2018)');
    assert.equal(plain(render('[@DBLP:journals/corr/abs-1]')), '(Devlin, 2018)');
  });

  test('unknown keys stay visible, styled as unresolved', () => {
    const html = render('[@nobody2020; @he2016deep] and @ghost99.');
    assert.equal(plain(html), '(@nobody2020; He and Zhang, 2016) and @ghost99.');
    assert.equal((html.match(/lit-cite-unresolved/g) ?? []).length, 2);
  });

  test('not citations: e-mail addresses, code spans, code blocks, escaped @, links', () => {
    assert.doesNotMatch(render('Mail someone@example.org or a@b.c today.'), /lit-cite/);
    assert.doesNotMatch(render('Code `[@cheng2024breaking]` and `@he2016deep`.'), /lit-cite/);
    assert.doesNotMatch(render('```\n[@cheng2024breaking]\n```\n\n    @he2016deep\n'), /lit-cite/);
    assert.doesNotMatch(render('Escaped \\@he2016deep.'), /lit-cite/);
    assert.match(render('[a link with @he2016deep](https://x.org)'), /<a href="https:\/\/x\.org">a link with /);
    assert.doesNotMatch(render('[no key here]'), /lit-cite/);
  });

  test('hostile keys and text are escaped', () => {
    const html = render('[<b>x</b> @{<img src=x>}]');
    assert.ok(!html.includes('<img'));
    assert.ok(!html.includes('<b>'));
  });
});
