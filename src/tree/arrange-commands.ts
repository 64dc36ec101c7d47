/** Group By… and Sort By…: a quick pick (or the value given), remembered per workspace. */
import * as vscode from 'vscode';
import type { GroupBy, SortBy } from '../core/grouping';
import { GROUP_BY, SORT_BY } from '../core/grouping';
import { COMMANDS, STATE } from '../ids';
import type { PapersView } from './papers-view';

const GROUP_LABELS: Record<GroupBy, string> = { date: 'Date (year, month)', source: 'Source file', organization: 'Organisation', status: 'Reading status', tag: 'Tag' };
const SORT_LABELS: Record<SortBy, string> = { date: 'Date (newest first)', title: 'Title', upvotes: 'Upvotes (most first)' };

async function choose<T extends string>(title: string, values: readonly T[], labels: Record<T, string>, current: T): Promise<T | undefined> {
  const items = values.map((v) => ({ label: labels[v], description: v === current ? 'current' : undefined, value: v }));
  return (await vscode.window.showQuickPick(items, { title, placeHolder: labels[current] }))?.value;
}

function given<T extends string>(value: unknown, values: readonly T[]): T | undefined {
  return typeof value === 'string' && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

export function registerArrangeCommands(v: PapersView): vscode.Disposable[] {
  const { provider, state } = v;
  return [
    vscode.commands.registerCommand(COMMANDS.groupBy, async (value?: unknown) => {
      const next = given(value, GROUP_BY) ?? (await choose('Group Papers By', GROUP_BY, GROUP_LABELS, provider.grouped));
      if (next) {
        provider.setGrouping(next, provider.sorted);
        await state.update(STATE.groupBy, next);
        v.describe();
      }
    }),
    vscode.commands.registerCommand(COMMANDS.sortBy, async (value?: unknown) => {
      const next = given(value, SORT_BY) ?? (await choose('Sort Papers By', SORT_BY, SORT_LABELS, provider.sorted));
      if (next) {
        provider.setGrouping(provider.grouped, next);
        await state.update(STATE.sortBy, next);
      }
    }),
  ];
}
