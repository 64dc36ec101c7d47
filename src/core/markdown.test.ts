import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import type { Paper } from './model';
import { commandLink, escapeMarkdown, markdownLinkTarget, paperSummaryMarkdown } from './markdown';

// Rendered the way hovers and tooltips are (HTML off, bare URLs linked), so the test sees what a
// person would be able to click.
const md = new MarkdownIt({ html: false, linkify: true });

function paper(fields: Partial<Paper>): Paper {
  return { key: 'k2024x', title: 'T', authors: [], tags: [], sources: [{ path: 'x.bib', line: 1, format: 'bibtex' }], ...fields };
}

function linksIn(html: string): string[] {
  return [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]!);
}

suite('core/markdown', () => {
  test('hostile titles, people, abstracts and URLs render as text: no element, no extra link', () => {
    const attack = '[run](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> ![i](https://evil.example/x.png) `code` *em* # h <script>alert(1)</script>';
    const p = paper({
      title: attack,
      authors: [attack, 'Ann <b>Bold</b>'],
      venue: attack,
      abstract: attack,
      url: 'https://example.org/a) [evil](command:workbench.action.terminal.new "t") (x',
      doi: '10.1000/x)(y',
    });
    const extra = '[Open note](command:litNotes.openNote?%5B%22k2024x%22%5D)';
    const html = md.render(paperSummaryMarkdown(p, { hasNote: false, extraLinks: [extra] }));
    assert.doesNotMatch(html, /<(img|script|b|h1)\b/);
    const links = linksIn(html);
    assert.deepEqual(
      links.filter((l) => !/^https:\/\//.test(l)),
      ['command:litNotes.openNote?%5B%22k2024x%22%5D'],
      `only our own command link is a command: ${links.join(' ')}`,
    );
    assert.ok(links.some((l) => l.startsWith('https://example.org/a%29%20%5Bevil%5D%28command:')), 'the URL stays one link, its tail encoded');
    assert.match(html, /\[run\]\(command:workbench\.action\.terminal\.new\)/, 'the title shows its markup as text');
  });

  test('escapeMarkdown and markdownLinkTarget keep ordinary text and URLs as they are', () => {
    assert.equal(md.renderInline(escapeMarkdown('GPT-4 (2023): 1. [draft] *fast* #1 a_b')), 'GPT-4 (2023): 1. [draft] *fast* #1 a_b');
    assert.equal(markdownLinkTarget('https://arxiv.org/abs/1706.03762'), 'https://arxiv.org/abs/1706.03762');
    assert.equal(markdownLinkTarget('https://doi.org/10.1002/(SICI)1097-4571'), 'https://doi.org/10.1002/%28SICI%291097-4571');
  });
});

suite('core/markdown: hostile citation keys (#18)', () => {
  const KEYS = ['a]b', 'a)b', 'a`b', '`a', 'a``', '```', 'a<b>c', '<img src=x onerror=alert(1)>', 'a"b', "a'b", 'a\\b', 'a\\`b', 'x)[evil](command:workbench.action.terminal.new)', 'a\n\n# H', ' a ', 'a $(bug) b', 'k]](command:x)'];

  test('a key shows exactly as one code span (line breaks as spaces), with no element or link', () => {
    for (const key of KEYS) {
      const html = md.render(paperSummaryMarkdown(paper({ key }), { hasNote: false }));
      const codes = [...html.matchAll(/<code>([^<]*)<\/code>/g)].map((m) => m[1]);
      const shown = key.replace(/\n/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
      assert.deepEqual(codes, [shown.trim() === '' ? shown : shown], `key ${JSON.stringify(key)} -> ${html}`);
      assert.doesNotMatch(html, /<(img|h1|a)\b/, `key ${JSON.stringify(key)}`);
    }
  });

  test('command links with hostile keys stay one link whose arguments decode to the key', () => {
    for (const key of KEYS) {
      const html = md.render(commandLink('Open note', 'litNotes.openNote', [key]));
      const links = linksIn(html);
      assert.equal(links.length, 1, `${JSON.stringify(key)} -> ${html}`);
      const query = links[0]!.slice('command:litNotes.openNote?'.length);
      assert.deepEqual(JSON.parse(decodeURIComponent(query.replace(/&amp;/g, '&'))), [key]);
      assert.match(html, />Open note<\/a>/);
    }
  });
});
