/**
 * The search quick pick: each keystroke runs the core search (bounded, synchronous, a few ms),
 * results of an older query never replace a newer one, and the empty query shows recently
 * opened papers, then the newest. Opened while the library is still loading, it shows what is
 * searchable so far and fills in as the index grows.
 *
 * Row shape (see {@link paperItem}): an icon and an empty label, description = title, detail = key ·
 * people · year · upvotes. VS Code 1.99 re-sorts quick pick items by its own match on the
 * label whenever the query is not empty (`sortByLabel`, proposed API only): items whose label
 * it highlights come first, ordered by its `compareAnything`, and the rest keep their order.
 * A label without text is never highlighted, so the rows stay in the engine's order; the title
 * and the other lines still get VS Code's highlights through `matchOnDescription` /
 * `matchOnDetail`, and `alwaysShow` keeps rows VS Code's own filter would hide (typos).
 */
import * as vscode from 'vscode';
import type { Paper } from '../core/model';
import { peopleLine } from '../core/paper-info';
import type { SearchHit } from '../core/search';
import type { PaperAction } from '../ids';
import { PAPER_ACTION_COMMANDS } from '../ids';
import { readSearchSettings } from '../platform/settings';

export interface PaperSearch {
  search(query: string, options: { limit: number; abstracts: boolean }): readonly SearchHit[];
  byKey(key: string): Paper | undefined;
  recent(): readonly string[];
  newest(limit: number): readonly Paper[];
  /** True while the library loads or the index is being built: results may still grow. */
  readonly loading?: boolean;
  /** Fires when more papers became searchable (or loading ended): an open picker searches again. */
  readonly onDidChange?: vscode.Event<void>;
}

export type SearchAction = PaperAction;

export interface PaperItem extends vscode.QuickPickItem {
  readonly paper: Paper;
}

export const ACTION_BUTTONS: ReadonlyArray<{ action: SearchAction; icon: string; tooltip: string }> = [
  { action: 'openNote', icon: 'note', tooltip: 'Open or Create Note' },
  { action: 'insertCitation', icon: 'quote', tooltip: 'Insert Citation' },
  { action: 'openDetail', icon: 'preview', tooltip: 'Show Paper' },
  { action: 'copyKey', icon: 'copy', tooltip: 'Copy Citation Key' },
];

/**
 * The label is empty (the icon comes from `iconPath`): VS Code has no label text to match, so it
 * never re-sorts the rows (see the file comment), and screen readers hear "title, key · …"
 * (a `$(icon)` label would be read out as the icon's name). The title is the description.
 */
const PAPER_ICON = new vscode.ThemeIcon('book');

export function paperItem(p: Paper, buttons: readonly vscode.QuickInputButton[]): PaperItem {
  return {
    label: '',
    iconPath: PAPER_ICON,
    description: p.title,
    detail: [p.key, peopleLine(p), p.year, p.upvotes !== undefined ? `▲ ${p.upvotes}` : undefined].filter((x) => x !== undefined && x !== '').join(' · '),
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
  // Each property set is sent to the workbench, which renders it: a keystroke sets only what changed.
  const setStatus = (): void => {
    const busy = engine.loading ?? false;
    const title = busy ? `${options.title} (loading papers…)` : options.title;
    if (picker.busy !== busy) {
      picker.busy = busy;
    }
    if (picker.title !== title) {
      picker.title = title;
    }
  };
  const update = (query: string, keepActive = false): void => {
    const mine = ++sequence;
    setStatus();
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
      // More papers became searchable: a row the user moved to stays active; the first row (where
      // the picker puts it) does not, so a better match arriving on top is shown, not scrolled away.
      const current = picker.activeItems[0];
      const active = keepActive && current !== undefined && current !== picker.items[0] ? current.paper.key : undefined;
      const items = papers.map((p) => paperItem(p, buttons));
      picker.items = items;
      const stillThere = active !== undefined ? items.find((i) => i.paper.key === active) : undefined;
      if (stillThere) {
        picker.activeItems = [stillThere];
      }
      if (selected && selected.size > 0) {
        picker.selectedItems = items.filter((i) => selected.has(i.paper.key));
      }
      setStatus();
    }, 0);
  };
  return new Promise<PickResult | undefined>((resolve) => {
    picker.onDidChangeValue(update, undefined, disposables);
    // Opened before the library was ready: the rows fill in as papers become searchable.
    engine.onDidChange?.(() => update(picker.value, true), undefined, disposables);
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

/** Runs a paper action's command on a paper. */
export function runPaperAction(action: PaperAction, paper: Paper): Thenable<unknown> {
  return vscode.commands.executeCommand(PAPER_ACTION_COMMANDS[action], paper.key);
}

/**
 * The paper pickers every feature uses: one paper (Search Papers, Reveal Paper, Open Note…) or
 * several (Insert Citation). The item buttons run the other paper actions.
 */
export class PaperPicker {
  constructor(private readonly engine: PaperSearch) {}

  /** Not waiting for the library: opened early, the picker shows what is searchable so far and fills in. */
  pick(title: string, canPickMany: boolean, defaultAction: SearchAction, value?: string): Promise<PickResult | undefined> {
    const settings = readSearchSettings();
    return showSearchPicker(this.engine, {
      title,
      limit: settings.limit,
      abstracts: settings.abstracts,
      canPickMany,
      defaultAction,
      onButton: (action, paper) => void runPaperAction(action, paper),
      ...(value !== undefined ? { value } : {}),
    });
  }

  async pickPaper(title: string, value?: string): Promise<Paper | undefined> {
    return (await this.pick(title, false, 'openDetail', value))?.papers[0];
  }

  async pickPapers(title: string): Promise<readonly Paper[]> {
    return (await this.pick(title, true, 'insertCitation'))?.papers ?? [];
  }
}
