import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CITATION_LANGUAGE_IDS } from './core/cite/languages';
import { COMMANDS, CONTEXT, SETTINGS, VIEWS, VIEW_ITEMS } from './ids';

interface Manifest {
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    configuration: { properties: Record<string, unknown> };
    menus?: Record<string, Array<{ command?: string; when?: string }>>;
    keybindings?: Array<{ when?: string }>;
    viewsWelcome?: Array<{ when?: string }>;
    views?: Record<string, Array<{ id: string; when?: string }>>;
  };
}

const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as Manifest;

/** Every `when` clause of the manifest. */
function whenClauses(): string[] {
  const c = manifest.contributes;
  const all = [...Object.values(c.menus ?? {}).flat(), ...(c.keybindings ?? []), ...(c.viewsWelcome ?? []), ...Object.values(c.views ?? {}).flat()];
  return all.map((x) => x.when).filter((w): w is string => w !== undefined);
}

/** Context values the tree sets that no menu needs: listed so the check below stays honest. */
const VIEW_ITEMS_WITHOUT_MENUS = new Set(['more', 'hasHuggingFace']);

suite('ids.ts matches package.json', () => {
  test('every command in ids.ts is contributed, and every contributed command is in ids.ts', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(COMMANDS).sort());
  });
  test('every command has the Lit Notes category and a title', () => {
    for (const c of manifest.contributes.commands) {
      assert.equal(c.category, 'Lit Notes', c.command);
      assert.ok(c.title.length > 0, c.command);
    }
  });
  test('settings in ids.ts and package.json are the same set', () => {
    const declared = Object.entries(SETTINGS).filter(([k]) => k !== 'section').map(([, v]) => v).sort();
    assert.deepEqual(Object.keys(manifest.contributes.configuration.properties).sort(), declared);
  });
  test('menus only reference contributed commands', () => {
    const known = new Set<string>(Object.values(COMMANDS));
    for (const [menu, items] of Object.entries(manifest.contributes.menus ?? {})) {
      for (const item of items) {
        if (item.command) {
          assert.ok(known.has(item.command), `${menu}: ${item.command}`);
        }
      }
    }
  });
  test('context keys in when clauses are the ones in ids.ts, and each one is used', () => {
    const clauses = whenClauses();
    const names = new Set(clauses.flatMap((w) => w.match(/\blitNotes\.[A-Za-z.]+/g) ?? []));
    const known = new Set<string>([...Object.values(CONTEXT), ...Object.values(VIEWS)]);
    for (const name of names) {
      assert.ok(known.has(name), `${name} (a when clause) is not in ids.ts CONTEXT or VIEWS`);
    }
    for (const key of Object.values(CONTEXT)) {
      assert.ok(names.has(key), `${key} (ids.ts CONTEXT) is in no when clause`);
    }
  });
  test('viewItem values in when clauses are the ones in ids.ts, and each one is used', () => {
    const used = new Set<string>();
    for (const w of whenClauses()) {
      for (const m of w.matchAll(/viewItem\s*==\s*([\w-]+)/g)) {
        used.add(m[1] ?? '');
      }
      for (const m of w.matchAll(/viewItem\s*=~\s*\/([^/]*)\//g)) {
        for (const token of (m[1] ?? '').matchAll(/\\b([\w-]+)\\b/g)) {
          used.add(token[1] ?? '');
        }
      }
    }
    assert.ok(used.size > 0, 'the manifest has viewItem clauses');
    const declared = new Set<string>(Object.values(VIEW_ITEMS));
    for (const v of used) {
      assert.ok(declared.has(v), `viewItem ${v} (a when clause) is not in ids.ts VIEW_ITEMS`);
    }
    for (const v of declared) {
      assert.equal(used.has(v), !VIEW_ITEMS_WITHOUT_MENUS.has(v), `VIEW_ITEMS.${v}: used by a menu unless listed as without one`);
    }
  });
  test('editorLangId clauses name exactly the citation languages', () => {
    const lists = whenClauses().flatMap((w) => [...w.matchAll(/editorLangId =~ \/\^\(([^)]*)\)\$\//g)].map((m) => m[1] ?? ''));
    assert.ok(lists.length > 0);
    for (const list of lists) {
      assert.deepEqual(list.split('|').sort(), [...CITATION_LANGUAGE_IDS].sort());
    }
  });
});
