/**
 * The one message contract between the detail webview (media/detail.js) and the extension host.
 * Imports nothing, so both sides can rely on it.
 */
export type DetailAction = 'openNote' | 'copyKey' | 'insertCitation';

export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'openLink'; readonly href: string }
  | { readonly type: 'action'; readonly action: DetailAction; readonly key: string }
  /** Open the `index`-th document of the "Cited in" list. */
  | { readonly type: 'openCitation'; readonly index: number };

const ACTIONS: readonly string[] = ['openNote', 'copyKey', 'insertCitation'];

/** Validates a message from the webview: anything else is dropped. */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const m = value as Record<string, unknown>;
  if (m.type === 'ready') {
    return { type: 'ready' };
  }
  if (m.type === 'openLink' && typeof m.href === 'string' && /^https?:\/\//i.test(m.href) && m.href.length < 4096) {
    return { type: 'openLink', href: m.href };
  }
  if (m.type === 'action' && typeof m.action === 'string' && ACTIONS.includes(m.action) && typeof m.key === 'string' && m.key.length < 1024) {
    return { type: 'action', action: m.action as DetailAction, key: m.key };
  }
  if (m.type === 'openCitation' && typeof m.index === 'number' && Number.isInteger(m.index) && m.index >= 0 && m.index < 100_000) {
    return { type: 'openCitation', index: m.index };
  }
  return undefined;
}
