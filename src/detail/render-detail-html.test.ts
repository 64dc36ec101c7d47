import * as assert from 'node:assert/strict';
import type { Paper } from '../core/model';
import { parseWebviewMessage } from './protocol';
import { renderDetailHtml } from './render-detail-html';

const assets = { cspSource: 'vscode-webview://x', nonce: 'abc123', styleUri: 'https://x/detail.css', codiconUri: 'https://x/codicon.css', scriptUri: 'https://x/detail.js' };
const hostile = '<img src=x onerror=alert(1)>';

function paper(fields: Partial<Paper> = {}): Paper {
  return { key: 'k', title: 'T', authors: [], tags: [], sources: [{ path: 'a.bib', line: 1, format: 'bibtex' }], ...fields };
}

suite('detail/render-detail-html', () => {
  test('every field is escaped: hostile titles, authors, abstracts and keys render as text', () => {
    const html = renderDetailHtml(paper({ key: `k"><script>alert(1)</script>`, title: hostile, authors: [`</td><script>x()</script>`], abstract: `a & b <b>bold</b>\n\n"quoted" 'single'`, organization: hostile, venue: hostile, tags: [hostile] }), false, assets);
    assert.ok(!html.includes('<img'), 'no img tag');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.equal((html.match(/<script/g) ?? []).length, 1, 'only our own script tag');
    assert.ok(html.includes('a &amp; b &lt;b&gt;bold&lt;/b&gt;'));
    assert.ok(html.includes('&quot;quoted&quot; &#39;single&#39;'));
  });

  test('the CSP allows nothing by default and scripts only by nonce', () => {
    const html = renderDetailHtml(paper(), false, assets);
    const csp = (/http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '').replace(/&#39;/g, "'");
    assert.match(csp, /^default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc123'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(html, /<script nonce="abc123" src="https:\/\/x\/detail.js"><\/script>/);
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
  });

  test('shows the abstract, links and a Create Note button (Open Note when a note exists)', () => {
    const p = paper({ abstract: 'First.\n\nSecond.', arxivId: '2401.00001', doi: '10.1/x', upvotes: 4, date: '2024-01-02' });
    const html = renderDetailHtml(p, false, assets);
    assert.ok(html.includes('<p>First.</p>'));
    assert.ok(html.includes('data-href="https://arxiv.org/abs/2401.00001"'));
    assert.ok(html.includes('data-href="https://doi.org/10.1/x"'));
    assert.ok(html.includes('Create Note'));
    assert.ok(renderDetailHtml(p, true, assets).includes('Open Note'));
    assert.ok(renderDetailHtml(undefined, false, assets).includes('no longer in the library'));
  });

  test('messages from the webview are validated', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'openLink', href: 'https://arxiv.org' }), { type: 'openLink', href: 'https://arxiv.org' });
    assert.equal(parseWebviewMessage({ type: 'openLink', href: 'javascript:alert(1)' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'openLink', href: 'file:///etc/passwd' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'action', action: 'rm -rf', key: 'k' }), undefined);
    assert.deepEqual(parseWebviewMessage({ type: 'action', action: 'copyKey', key: 'k' }), { type: 'action', action: 'copyKey', key: 'k' });
    assert.equal(parseWebviewMessage('ready'), undefined);
    assert.equal(parseWebviewMessage(null), undefined);
  });

  test('"Cited in N documents" lists each citing document as a link, escaped; absent without an index', () => {
    const html = renderDetailHtml(paper(), false, assets, [
      { path: 'drafts/a.md', line: 3, count: 2 },
      { path: `x${hostile}.tex`, line: 1, count: 1 },
    ]);
    assert.match(html, /<h2>Cited in 2 documents<\/h2>/);
    assert.match(html, /<a href="#" data-cite-index="0">drafts\/a\.md:3<\/a> <span class="count">\(2 citations\)<\/span>/);
    assert.ok(!html.includes('<img'));
    assert.match(renderDetailHtml(paper(), false, assets, []), /Cited in 0 documents/);
    assert.doesNotMatch(renderDetailHtml(paper(), false, assets), /Cited in/);
    assert.deepEqual(parseWebviewMessage({ type: 'openCitation', index: 1 }), { type: 'openCitation', index: 1 });
    assert.equal(parseWebviewMessage({ type: 'openCitation', index: -1 }), undefined);
    assert.equal(parseWebviewMessage({ type: 'openCitation', index: '1' }), undefined);
  });
});
