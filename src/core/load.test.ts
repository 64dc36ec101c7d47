import * as assert from 'node:assert/strict';
import { MemoryStore } from '../../test/memory-store';
import { SKIPPED_FOLDER_GLOBS, findAndLoad, isSkippedFolder, loadSource } from './load';

const BIB = '@article{a1, title={One}, author={A. Author}, year={2020}}\n';
const join = (p: string, n: string): string => `${p}/${n}`;

suite('core/load', () => {
  test('one skip list: hidden folders and build folders are not searched, in the CLI and as globs for the extension', async () => {
    const store = new MemoryStore();
    store.set('/ws/refs.bib', BIB);
    store.set('/ws/sub/more.bib', BIB.replace('a1', 'a2'));
    for (const skipped of ['node_modules', '.git', 'dist', 'out', '.hidden', '.code-server']) {
      store.set(`/ws/${skipped}/x.bib`, BIB.replace('a1', 'skip'));
      assert.ok(isSkippedFolder(skipped));
    }
    store.set('/ws/notes.md', '# not a source');
    const parsed = await findAndLoad(store, [{ uri: '/ws', path: 'ws' }], { maxBytes: 1e9 }, join);
    assert.deepEqual(
      parsed.map((p) => [p.path, p.uri, p.records.length]),
      [
        ['ws/refs.bib', '/ws/refs.bib', 1],
        ['ws/sub/more.bib', '/ws/sub/more.bib', 1],
      ],
    );
    assert.ok(SKIPPED_FOLDER_GLOBS.includes('**/.*/**') && SKIPPED_FOLDER_GLOBS.includes('**/node_modules/**'));
  });

  test('an unreadable file and a file over the limit are each reported once, worded one way; the rest load', async () => {
    const store = new MemoryStore();
    store.set('/ws/big.bib', BIB.repeat(1000));
    store.set('/ws/ok.bib', BIB);
    const parsed = await findAndLoad(
      store,
      [
        { uri: '/ws/missing.ris', path: 'missing.ris' },
        { uri: '/ws/big.bib', path: 'big.bib' },
        { uri: '/ws/ok.bib', path: 'ok.bib' },
      ],
      { maxBytes: 1024, limitName: 'litNotes.maxFileSizeMB' },
      join,
    );
    assert.deepEqual(
      parsed.map((p) => p.problems.map((x) => x.message)),
      [['Cannot read: ENOENT'], [`Skipped: 0.1 MB is over the litNotes.maxFileSizeMB limit (0 MB)`], []],
    );
    assert.equal(parsed[2]?.records.length, 1);
    const refused = await loadSource(store, { uri: '/ws/ok.bib', path: 'ok.bib', explicit: true }, { maxBytes: 1e9, refuse: () => Promise.resolve('Restricted Mode') });
    assert.deepEqual(refused.problems.map((p) => [p.message, p.severity]), [['Skipped: Restricted Mode', 'warning']]);
    assert.equal(store.reads, 1, 'a refused or oversized file is never read');
  });

  test('a named file must be a source; a found one is quietly not a source', async () => {
    const store = new MemoryStore();
    store.set('/ws/data.json', '{"x": 1}');
    const found = await findAndLoad(store, [{ uri: '/ws', path: 'ws' }], { maxBytes: 1e9 }, join);
    assert.deepEqual(found.map((p) => p.problems.length), [0]);
    const named = await findAndLoad(store, [{ uri: '/ws/data.json', path: 'data.json' }], { maxBytes: 1e9 }, join);
    assert.match(named[0]?.problems[0]?.message ?? '', /^Unknown format/);
  });
});
