import * as assert from 'node:assert/strict';
import type { Paper } from '../model';
import { formatCitation, relativePath, resolveFormat } from './format';

const p = (key: string, title = 'A [bracketed] title'): { paper: Paper } => ({ paper: { key, title, authors: [], tags: [], sources: [] } });

suite('core/cite/format', () => {
  test('pandoc, LaTeX, wiki and markdown link formats', () => {
    assert.equal(formatCitation([p('a')], 'pandoc'), '[@a]');
    assert.equal(formatCitation([p('a'), p('vaswani2017attention')], 'pandoc'), '[@a; @vaswani2017attention]');
    assert.equal(formatCitation([p('odd key.')], 'pandoc'), '[@{odd key.}]');
    assert.equal(formatCitation([p('a'), p('b')], 'latex'), '\\cite{a,b}');
    assert.equal(formatCitation([{ ...p('a'), noteName: 'My Note' }], 'wiki'), '[[My Note]]');
    assert.equal(formatCitation([{ ...p('a'), notePath: '../papers/a b.md' }], 'markdown-link'), '[A \\[bracketed\\] title](../papers/a%20b.md)');
  });
  test('auto picks LaTeX for LaTeX documents and pandoc otherwise', () => {
    assert.equal(resolveFormat('auto', 'latex'), 'latex');
    assert.equal(resolveFormat('auto', 'markdown'), 'pandoc');
    assert.equal(resolveFormat('wiki', 'latex'), 'wiki');
  });
  test('relative paths between workspace files', () => {
    assert.equal(relativePath('drafts/paper.md', 'papers/a.md'), '../papers/a.md');
    assert.equal(relativePath('papers/b.md', 'papers/a.md'), 'a.md');
    assert.equal(relativePath('README.md', 'papers/a.md'), 'papers/a.md');
    assert.equal(relativePath('a/b/c.md', 'a/d.md'), '../d.md');
  });
});
