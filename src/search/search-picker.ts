/**
 * The search quick pick: each keystroke runs the core search (bounded, synchronous, a few ms),
 * results of an older query never replace a newer one, and the empty query shows recently
 * opened papers, then the newest. Label = title, description = key, detail = people · year · upvotes.
 */
import * as vscode from 'vscode';
import type { Paper } from '../core/model';
import { peopleLine } from '../core/paper-info';
import type { SearchHit } from '../core/search';

export interface PaperSearch {
  search(query: string, options: { limit: number; abstracts: boolean }): readonly SearchHit[];
  byKey(key: string): Paper | undefined;
  recent(): readonly string[];
  newest(limit: number): readonly Paper[];
}

export type SearchAction = 'openDetail' | 'openNote' | 'insertCitation' | 'copyKey';

export interface PaperItem extends vscode.QuickPickItem {
  readonly paper: Paper;
}

export const ACTION_BUTTONS: ReadonlyArray<{ action: SearchAction; icon: string; tooltip: string }> = [
  { action: 'openNote', icon: 'note', tooltip: 'Open or Create Note' },
  { action: 'insertCitation', icon: 'quote', tooltip: 'Insert Citation' },
  { action: 'openDetail', icon: 'preview', tooltip: 'Show Paper' },
  { action: 'copyKey', icon: 'copy', tooltip: 'Copy Citation Key' },
];

export function paperItem(p: Paper, buttons: readonly vscode.QuickInputButton[]): PaperItem {
  return {
    label: p.title,
    description: p.key,
    detail: [peopleLine(p), p.year, p.upvotes !== undefined ? `▲ ${p.upvotes}` : undefined].filter((x) => x !== undefined && x !== '').join(' · '),
    alwaysShow: true,
    buttons,
    paper: p,
  };
}

export interface PickOptions {
  readonly title: string;
  readonly limit: number;
  readonly abstracts: boolean;
  readonly canPickMany: boolean;
  readonly defaultAction: SearchAction;
  /** Runs an item button's action; the picker stays open. */
  onButton?(action: SearchAction, paper: Paper): void;
  /** Pre-filled query (tests, "search for this"). */
  readonly value?: string;
}

export interface PickResult {
  readonly papers: readonly Paper[];
  readonly action: SearchAction;
}

export function showSearchPicker(engine: PaperSearch, options: PickOptions): Promise<PickResult | undefined> {
  const picker = vscode.window.createQuickPick<PaperItem>();
  const disposables: vscode.Disposable[] = [picker];
  const buttons = options.canPickMany ? [] : ACTION_BUTTONS.filter((b) => b.action !== options.defaultAction).map((b) => ({ iconPath: new vscode.ThemeIcon(b.icon), tooltip: b.tooltip, action: b.action }));
  picker.title = options.title;
  picker.placeholder = options.canPickMany ? 'Search papers; Space or click to select several, Enter to insert' : 'Search papers by title, authors, key, year or abstract words; @key for a key';
  picker.matchOnDescription = true;
  picker.matchOnDetail = true;
  picker.canSelectMany = options.canPickMany;
  let sequence = 0;
  const update = (query: string): void => {
    const mine = ++sequence;
    picker.busy = true;
    // Yield once so typing stays responsive; a newer keystroke makes this result stale.
    setTimeout(() => {
      if (mine !== sequence) {
        return;
      }
      const papers = query.trim() === '' ? emptyQuery(engine, options.limit) : engine.search(query, { limit: options.limit, abstracts: options.abstracts }).map((h) => h.paper);
      if (mine !== sequence) {
        return;
      }
      const selected = options.canPickMany ? new Set(picker.selectedItems.map((i) => i.paper.key)) : undefined;
      const items = papers.map((p) => paperItem(p, buttons));
      picker.items = items;
      if (selected && selected.size > 0) {
        picker.selectedItems = items.filter((i) => selected.has(i.paper.key));
      }
      picker.busy = false;
    }, 0);
  };
  return new Promise<PickResult | undefined>((resolve) => {
    picker.onDidChangeValue(update, undefined, disposables);
    picker.onDidTriggerItemButton(
      (e) => {
        const action = (e.button as { action?: SearchAction }).action;
        if (action) {
          options.onButton?.(action, e.item.paper);
        }
      },
      undefined,
      disposables,
    );
    picker.onDidAccept(
      () => {
        const chosen = options.canPickMany ? picker.selectedItems : picker.activeItems.slice(0, 1);
        resolve(chosen.length > 0 ? { papers: chosen.map((i) => i.paper), action: options.defaultAction } : undefined);
        picker.hide();
      },
      undefined,
      disposables,
    );
    picker.onDidHide(
      () => {
        resolve(undefined);
        disposables.forEach((d) => {
          d.dispose();
        });
      },
      undefined,
      disposables,
    );
    picker.value = options.value ?? '';
    update(picker.value);
    picker.show();
  });
}

function emptyQuery(engine: PaperSearch, limit: number): Paper[] {
  const recent = engine
    .recent()
    .map((k) => engine.byKey(k))
    .filter((p): p is Paper => p !== undefined);
  const seen = new Set(recent.map((p) => p.key));
  return [...recent, ...engine.newest(limit + recent.length).filter((p) => !seen.has(p.key))].slice(0, limit);
}
