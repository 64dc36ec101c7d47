import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, SETTINGS } from './ids';

interface Manifest {
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    configuration: { properties: Record<string, unknown> };
    menus?: Record<string, Array<{ command?: string }>>;
  };
}

const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as Manifest;

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
});
