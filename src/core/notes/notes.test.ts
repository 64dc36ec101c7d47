import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import matter from 'gray-matter';
import { mulberry32 } from '../../../test/fuzz/mutate';
import type { Paper } from '../model';
import { noteFileName, notesFolderSegments, safeFileName, MAX_NAME_BYTES } from './file-name';
import { OWNED_FIELDS, noteMeta, readFrontmatter, setStatusText, updateNoteText } from './frontmatter';
import { DEFAULT_TEMPLATE, fillTemplate, renderNote } from './template';

function paper(fields: Partial<Paper> = {}): Paper {
  return { key: 'vaswani2017attention', title: 'Attention Is All You Need', authors: ['Ashish Vaswani', 'Noam Shazeer'], year: 2017, date: '2017-06-12', arxivId: '1706.03762', tags: [], sources: [{ path: 'lib.bib', line: 1, format: 'bibtex' }], ...fields };
}
const CREATED = '2026-11-23';

const rng = mulberry32; // seeded, so the generated cases are the same on every run
const HOSTILE = ['"', "'", ':', ': ', '#', ' #', '---', '\n---\n', '\n', '\r\n', '\t', '@', '*', '&', '!', '%', '|', '>', '{', '}', '[', ']', ',', '?', '-', '`', '\\', '/', '..', '../', 'CON', 'nul', 'aux.txt', '😀', '👩‍🔬', 'שלום', 'مرحبا', '\u202e', '\u200f', '\u0000', '\u0007', '\ufeff', 'é', 'e\u0301', 'null', 'true', 'yes', 'no', '~', '2024-01-01', '0x1F', '1e3', '.inf', '<script>', '{{title}}', ' ', '   ', 'ß', 'İ', '\u2028', '…', 'A', 'b', '7'];
function hostile(r: () => number, maxParts = 12): string {
  const n = 1 + Math.floor(r() * maxParts);
  let s = '';
  for (let i = 0; i < n; i++) {
    s += HOSTILE[Math.floor(r() * HOSTILE.length)] ?? '';
  }
  return s;
}

suite('core/notes', () => {
  suite('file names', () => {
    test('names are safe on every OS and keep readable text', () => {
      assert.equal(safeFileName('vaswani2017attention'), 'vaswani2017attention');
      assert.equal(safeFileName('a/b\\c:d*e?f"g<h>i|j'), 'a-b-c-d-e-f-g-h-i-j');
      assert.equal(safeFileName('../../etc/passwd'), 'etc-passwd');
      assert.equal(safeFileName('CON'), 'CON_');
      assert.equal(safeFileName('lpt1.txt'), 'lpt1_.txt');
      assert.equal(safeFileName('name. '), 'name');
      assert.equal(safeFileName(''), 'untitled');
      assert.equal(safeFileName('e\u0301'), 'é');
      assert.ok(Buffer.byteLength(safeFileName('😀'.repeat(200))) <= MAX_NAME_BYTES);
      assert.equal(noteFileName('{key}', paper()), 'vaswani2017attention.md');
      assert.equal(noteFileName('{year} - {title}', paper()), '2017 - Attention Is All You Need.md');
      assert.equal(noteFileName('{nope}', paper()), '{nope}.md');
    });

    test('the notes folder setting cannot leave the workspace', () => {
      assert.deepEqual(notesFolderSegments('papers'), ['papers']);
      assert.deepEqual(notesFolderSegments('notes/papers/'), ['notes', 'papers']);
      assert.deepEqual(notesFolderSegments('/abs/path'), ['abs', 'path']);
      assert.deepEqual(notesFolderSegments('C:\\x'), ['x']);
      assert.deepEqual(notesFolderSegments('../outside'), ['papers']);
    });

    test('10,000 hostile keys and titles always give one file inside the notes folder', () => {
      const r = rng(7);
      const folder = path.resolve('/workspace/papers');
      for (let i = 0; i < 10_000; i++) {
        const p = paper({ key: hostile(r), title: hostile(r, 40) });
        for (const pattern of ['{key}', '{title}', '{year}-{title}']) {
          const name = noteFileName(pattern, p);
          const full = path.resolve(folder, name);
          assert.equal(path.dirname(full), folder, `${JSON.stringify(p.key)} -> ${name}`);
          assert.ok(!/[<>:"/\\|?*\u0000-\u001f]/.test(name), name);
          assert.ok(!/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(name), name);
          assert.ok(Buffer.byteLength(name) <= MAX_NAME_BYTES + 3, name);
          assert.equal(name, name.normalize('NFC'));
        }
      }
    });
  });

  suite('frontmatter', () => {
    test('a new note has the owned fields, tags, status and created, then the filled template', () => {
      const { text, unknown } = renderNote(paper({ upvotes: 12, abstract: 'We propose the Transformer.' }), CREATED);
      assert.deepEqual(unknown, []);
      const parsed = matter(text, {});
      assert.deepEqual(parsed.data, {
        title: 'Attention Is All You Need',
        citekey: 'vaswani2017attention',
        authors: ['Ashish Vaswani', 'Noam Shazeer'],
        date: '2017-06-12',
        year: 2017,
        arxiv: '1706.03762',
        upvotes: 12,
        status: 'unread',
        created: '2026-11-23',
      });
      assert.match(parsed.content, /^\n# Attention Is All You Need\n/);
      assert.match(parsed.content, /We propose the Transformer\./);
      assert.match(parsed.content, /\[arXiv\]\(https:\/\/arxiv\.org\/abs\/1706\.03762\)/);
    });

    test('a new note carries what the paper has and nothing empty: venue, tags, one year, no empty Abstract', () => {
      // The sample library's BibTeX entry: journal, keywords = {transformers}, year only, no abstract.
      const bib = paper({ date: '2017', venue: 'Advances in Neural Information Processing Systems', container: 'Advances in Neural Information Processing Systems', tags: ['transformers'] });
      const { text } = renderNote(bib, CREATED);
      const data = readFrontmatter(text).data;
      assert.equal(data.venue, 'Advances in Neural Information Processing Systems');
      assert.deepEqual(data.tags, ['transformers']);
      assert.equal(data.year, 2017);
      assert.ok(!('date' in data), 'no date: "2017" beside year: 2017');
      assert.doesNotMatch(text, /## Abstract/);
      assert.doesNotMatch(text, /^\w+: *(\[\]|""|'')$/m);
      assert.match(text, /\n# Attention Is All You Need\n\nAshish Vaswani, Noam Shazeer · 2017\n\n\[Hugging Face\]/);
      assert.match(text, /\n## Notes\n\n$/);
      // Without tags, people, links or dates there is no empty field and no dangling separator line.
      const bare = renderNote(paper({ authors: [], date: undefined, year: undefined, arxivId: undefined, key: 'bare' }), CREATED).text;
      assert.equal(bare, `---\ntitle: Attention Is All You Need\ncitekey: bare\nstatus: unread\ncreated: "${CREATED}"\n---\n\n# Attention Is All You Need\n\n## Notes\n\n`);
      // A Daily Papers paper known by its listing day says so.
      const listed = renderNote(paper({ authors: [], date: undefined, year: undefined, arxivId: undefined, organization: 'NVIDIA', listed: '2025-12-10', abstract: 'We train.' }), CREATED).text;
      assert.equal(readFrontmatter(listed).data.listed, '2025-12-10');
      assert.match(listed, /\nNVIDIA · listed 2025-12-10\n\n## Abstract\n\nWe train\.\n/);
    });

    test('the built-in template filled by hand gives the same note when the paper has everything', () => {
      const full = paper({ upvotes: 3, abstract: 'We propose the Transformer.', organization: 'Google' });
      const { text } = renderNote(full, CREATED);
      const body = text.slice(text.indexOf('\n---\n') + 5);
      assert.equal(body, '\n' + fillTemplate(DEFAULT_TEMPLATE, full, CREATED).text);
    });

    test('10,000 hostile titles, keys, authors and abstracts round-trip through valid YAML', () => {
      const r = rng(42);
      for (let i = 0; i < 10_000; i++) {
        const p = paper({ key: hostile(r), title: hostile(r, 30), authors: [hostile(r), hostile(r)], organization: hostile(r), abstract: hostile(r, 50) });
        const { text } = renderNote(p, CREATED, '{{title}}\n');
        const ours = readFrontmatter(text);
        assert.equal(ours.error, undefined, text);
        assert.equal(ours.data.title, p.title);
        assert.equal(ours.data.citekey, p.key);
        assert.deepEqual(ours.data.authors, p.authors);
        // Other tools read it with the default YAML schema: the values must be the same strings there too.
        const theirs = yaml.load(/^---\n([\s\S]*?)\n---\n/.exec(text)?.[1] ?? '') as Record<string, unknown>;
        assert.equal(theirs.title, p.title);
        assert.equal(theirs.citekey, p.key);
        assert.equal(theirs.organization, p.organization);
        assert.equal(theirs.created, CREATED);
        // gray-matter (what Foam and many static-site tools use) splits and reads it the same way.
        const gm = matter(text, {});
        assert.equal(gm.data.title, p.title);
        assert.deepEqual(gm.data.authors, p.authors);
        assert.equal(gm.content, text.slice(text.indexOf('\n---\n') + 5));
      }
    });

    test('status and tags are read leniently', () => {
      assert.deepEqual(noteMeta({ status: 'Reading', tags: ['a', '#b', 3, 'a'] }), { citekey: undefined, status: 'reading', tags: ['a', 'b', '3'] });
      assert.deepEqual(noteMeta({ status: 'done?', tags: 'x, y' }), { citekey: undefined, status: 'unread', tags: ['x', 'y'] });
      assert.equal(readFrontmatter('---\ntitle: [unclosed\n---\nbody').error !== undefined, true);
      assert.deepEqual(readFrontmatter('no frontmatter').data, {});
      assert.equal(readFrontmatter('---\ncreated: 2024-05-01\n---\n').data.created, '2024-05-01');
    });
  });

  suite('updating notes', () => {
    const user = '---\ntitle: Old title\ncitekey: vaswani2017attention\nmy-field: keep me\nstatus: read\ntags: [nlp]\nupvotes: 3\ncreated: 2024-05-01\n---\n\n# My notes\r\n\nI wrote this.  Trailing spaces kept.   \n\n---\nnot frontmatter\n';
    test('refreshes owned fields, keeps user fields and the body byte for byte', () => {
      const { text, changes } = updateNoteText(user, paper({ upvotes: 40 }));
      assert.ok(text);
      const body = user.slice(user.indexOf('\n---\n', 4) + 5);
      assert.ok(text.endsWith(body), 'body kept byte for byte');
      const data = readFrontmatter(text).data;
      assert.equal(data.title, 'Attention Is All You Need');
      assert.equal(data['my-field'], 'keep me');
      assert.equal(data.status, 'read');
      assert.deepEqual(data.tags, ['nlp']);
      assert.equal(data.created, '2024-05-01');
      assert.equal(data.upvotes, 40);
      assert.deepEqual(changes.map((c) => c.field).sort(), ['arxiv', 'authors', 'date', 'title', 'upvotes', 'year']);
      assert.ok(Object.keys(data).indexOf('my-field') < Object.keys(data).indexOf('authors'), 'existing order kept, new fields appended');
    });
    test('an up-to-date note is not rewritten; invalid YAML is never rewritten', () => {
      const { text } = renderNote(paper(), CREATED);
      assert.equal(updateNoteText(text, paper()).text, undefined);
      // Also a new note of a paper with a year-only date, venue, tags and a listing day.
      const rich = paper({ date: '2017', venue: 'NeurIPS', tags: ['transformers'], listed: '2025-12-10' });
      assert.equal(updateNoteText(renderNote(rich, CREATED).text, rich).text, undefined);
      // An older note with `date: "2017"` beside `year: 2017` keeps it; the new fields are offered.
      const old = '---\ntitle: Attention Is All You Need\ncitekey: vaswani2017attention\nauthors:\n  - Ashish Vaswani\n  - Noam Shazeer\ndate: "2017"\nyear: 2017\narxiv: "1706.03762"\ntags: []\nstatus: unread\ncreated: "2024-05-01"\n---\n# Mine\n';
      const update = updateNoteText(old, rich);
      assert.deepEqual(update.changes.map((c) => [c.field, c.after]), [['venue', 'NeurIPS'], ['listed', '2025-12-10']]);
      assert.equal(readFrontmatter(update.text ?? '').data.date, '2017');
      assert.deepEqual(readFrontmatter(update.text ?? '').data.tags, [], 'tags are the user\'s');
      assert.ok(update.text?.endsWith('---\n# Mine\n'));
      const broken = '---\ntitle: [unclosed\n---\nbody';
      const r = updateNoteText(broken, paper());
      assert.equal(r.text, undefined);
      assert.match(r.error ?? '', /invalid frontmatter/);
    });
    test('a note without frontmatter gets one above its untouched body; CRLF notes stay CRLF', () => {
      const r = updateNoteText('Just my thoughts.\r\n', paper());
      assert.ok(r.text?.endsWith('\r\nJust my thoughts.\r\n'));
      assert.ok(r.text?.startsWith('---\r\ntitle: '));
      const owned = Object.keys(readFrontmatter(r.text ?? '').data);
      assert.ok(owned.every((k) => (OWNED_FIELDS as readonly string[]).includes(k)));
    });
    test('setting the status touches nothing else', () => {
      const next = setStatusText(user, 'reading');
      assert.ok(next);
      const data = readFrontmatter(next).data;
      assert.equal(data.status, 'reading');
      assert.equal(data.title, 'Old title');
      assert.ok(next.endsWith(user.slice(user.indexOf('\n---\n', 4) + 5)));
    });
  });

  suite('templates', () => {
    test('placeholders are filled as plain text; unknown ones are kept and reported once', () => {
      const r = fillTemplate('{{title}} {{nope}} {{ key }} {{nope}} {{abstract}}', paper({ abstract: '{{key}} $(rm -rf) `x`' }), CREATED);
      assert.equal(r.text, 'Attention Is All You Need {{nope}} vaswani2017attention {{nope}} {{key}} $(rm -rf) `x`');
      assert.deepEqual(r.unknown, ['nope']);
    });
    test('a template with its own frontmatter adds its fields; owned fields stay the library\'s', () => {
      const { text } = renderNote(paper(), CREATED, '---\nproject: "{{key}}-project"\ntitle: mine\n---\n# {{title}}\n');
      const data = readFrontmatter(text).data;
      assert.equal(data.project, 'vaswani2017attention-project');
      assert.equal(data.title, 'Attention Is All You Need');
      assert.match(text, /\n# Attention Is All You Need\n$/);
    });
    test('bibliographic placeholders: container, volume, issue, pages, publisher, place, edition, editors, series, ISBN, ISSN, note', () => {
      const p = paper({ venue: 'JMLR', container: 'Journal of Machine Learning Research', volume: '12', issue: '3', pages: '1–10', publisher: 'MIT Press', publisherPlace: 'Cambridge, MA', edition: '2', editors: ['Jo Smith', 'Al Jones'], series: 'LNCS', isbn: '978-3-16', issn: '1532-4435', note: 'Reprint' });
      const r = fillTemplate('{{venue}}|{{container}}|{{volume}}|{{issue}}|{{pages}}|{{publisher}}|{{place}}|{{edition}}|{{editors}}|{{series}}|{{isbn}}|{{issn}}|{{note}}', p, CREATED);
      assert.equal(r.text, 'JMLR|Journal of Machine Learning Research|12|3|1–10|MIT Press|Cambridge, MA|2|Jo Smith, Al Jones|LNCS|978-3-16|1532-4435|Reprint');
      assert.deepEqual(r.unknown, []);
      assert.equal(fillTemplate('{{container}}|{{volume}}|{{editors}}', paper({ venue: 'ICML' }), CREATED).text, 'ICML||');
    });
    test('the default template uses only known placeholders', () => {
      assert.deepEqual(fillTemplate(DEFAULT_TEMPLATE, paper(), CREATED).unknown, []);
    });
  });
});
