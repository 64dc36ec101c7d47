/**
 * Real paths for Restricted Mode checks (issue #18 M4), over node fs: no `vscode` here, so the
 * decisions are unit-tested with real symbolic links (`real-path.test.ts`).
 */
// eslint-disable-next-line no-restricted-imports -- realpath only: vscode.workspace.fs cannot resolve a link's target
import { realpath } from 'node:fs/promises';
import * as path from 'node:path';

/** Whether `child` is `root` or inside it (both absolute, already resolved). */
export function pathInside(child: string, root: string): boolean {
  const rel = path.relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The real path of `fsPath`, or of its nearest existing ancestor joined with the rest (for a file not created yet). */
export async function realPathOf(fsPath: string): Promise<string> {
  const rest: string[] = [];
  let current = fsPath;
  for (;;) {
    try {
      return path.join(await realpath(current), ...rest.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) {
        return fsPath;
      }
      rest.push(path.basename(current));
      current = parent;
    }
  }
}

/** Whether `fsPath`, links resolved, stays inside `root` (links resolved too). */
export async function staysInside(fsPath: string, root: string): Promise<{ inside: boolean; real: string }> {
  const [real, realRoot] = await Promise.all([realPathOf(fsPath), realPathOf(root)]);
  return { inside: pathInside(real, realRoot), real };
}
