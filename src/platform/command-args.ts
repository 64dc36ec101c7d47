/**
 * Decoding command arguments, once for every command: a citation key, a tree node or hover
 * argument carrying `{ paper }`, a tree group node carrying `{ group }`, or a list of those
 * (multi-select in the tree, several keys from a test or another extension).
 */
import type { PaperGroup } from '../core/grouping';
import type { Library } from '../core/library';
import type { Paper } from '../core/model';

function isObject(arg: unknown): arg is Record<string, unknown> {
  return typeof arg === 'object' && arg !== null;
}

/** The library's paper for a key or a `{ paper }` argument (the current record, not a stale copy). */
export function paperFromArg(library: Library, arg: unknown): Paper | undefined {
  if (typeof arg === 'string') {
    return library.byKey.get(arg);
  }
  if (isObject(arg) && isObject(arg.paper) && typeof arg.paper.key === 'string') {
    return library.byKey.get(arg.paper.key);
  }
  return undefined;
}

/** Papers for one argument or a list of them; unknown keys are left out. */
export function papersFromArg(library: Library, arg: unknown): Paper[] {
  const list = Array.isArray(arg) ? (arg as unknown[]) : [arg];
  return list.map((a) => paperFromArg(library, a)).filter((p): p is Paper => p !== undefined);
}

/** The tree group of a `{ group }` argument. */
export function groupFromArg(arg: unknown): PaperGroup | undefined {
  return isObject(arg) && isObject(arg.group) && Array.isArray(arg.group.papers) ? (arg.group as unknown as PaperGroup) : undefined;
}

/** Every paper of a group and its subgroups, once each. */
export function papersOfGroup(group: PaperGroup): Paper[] {
  const all = (g: PaperGroup): Paper[] => [...g.papers, ...g.subgroups.flatMap(all)];
  return [...new Map(all(group).map((p) => [p.key, p])).values()];
}
