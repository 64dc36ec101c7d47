/**
 * The I/O port: what loading and the parse cache need from a file system, over opaque URI
 * strings. Implemented over node fs for the CLI (`cli/node-store.ts`, where a URI is an absolute
 * path) and over `vscode.workspace.fs` for the extension (`platform/workspace-store.ts`, where a
 * URI is `vscode.Uri.toString()`). The core never builds or parses a URI itself: it asks the
 * store to `join` one.
 */

export type EntryType = 'file' | 'directory' | 'other';

export interface StoreStat {
  readonly type: EntryType;
  readonly size: number;
  /** Modification time, milliseconds since the epoch. */
  readonly mtime: number;
  /**
   * A stamp that differs after any change of the file's content (the extension's `file:` URIs:
   * `platform/change-stamp.ts`), when the store can tell; absent otherwise. The same stamp in
   * another window means the same bytes.
   */
  readonly change?: string;
}

export interface StoreEntry {
  /** The child's name (one path segment). */
  readonly name: string;
  readonly uri: string;
  readonly type: EntryType;
}

export interface Store {
  stat(uri: string): Promise<StoreStat>;
  read(uri: string): Promise<Uint8Array>;
  /** The children of a folder, in no particular order. */
  list(uri: string): Promise<StoreEntry[]>;
  /** Writes the whole file atomically (a temporary file renamed into place), creating folders as needed. */
  write(uri: string, bytes: Uint8Array): Promise<void>;
  /** Deletes a file, or a folder with its contents; a missing one is not an error. */
  delete(uri: string): Promise<void>;
  /** The URI of `name` inside the folder `uri`. */
  join(uri: string, name: string): string;
  /** A short reason for a failed operation, for messages ("ENOENT", "FileNotFound"). */
  reason(error: unknown): string;
}
