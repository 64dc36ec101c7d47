/** Recently opened papers (keys, most recent first), kept in the workspace state. */
import type * as vscode from 'vscode';
import { STATE } from '../ids';

const RECENT_LIMIT = 50;

export class RecentPapers {
  constructor(private readonly state: vscode.Memento) {}

  /** Keys of recently opened papers, most recent first. */
  get keys(): readonly string[] {
    return this.state.get<string[]>(STATE.recentPapers, []);
  }

  opened(key: string): void {
    void this.state.update(STATE.recentPapers, [key, ...this.keys.filter((k) => k !== key)].slice(0, RECENT_LIMIT));
  }
}
