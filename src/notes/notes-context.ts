/** What the note commands share: the services, the note writer and how a command finds its paper. */
import * as vscode from 'vscode';
import type { Paper } from '../core/model';
import { noteMeta, readFrontmatter } from '../core/notes/frontmatter';
import { paperFromArg } from '../platform/command-args';
import type { Logger } from '../platform/logger';
import type { Services } from '../services';
import type { LibraryService } from '../services/library-service';
import type { NotesIndex } from '../services/notes-index';
import type { NoteWriter } from './note-writer';

export interface NotesContext {
  readonly services: Services;
  readonly service: LibraryService;
  readonly notes: NotesIndex;
  readonly log: Logger;
  readonly writer: NoteWriter;
  /** The argument's paper; with no argument, the one the user picks (undefined if none). */
  resolve(arg: unknown, title: string): Promise<Paper | undefined>;
  /** The paper whose note is in the active editor, if any. */
  paperOfActiveNote(): Paper | undefined;
}

export function notesContext(services: Services, writer: NoteWriter): NotesContext {
  const service = services.library;
  return {
    services,
    service,
    notes: services.notes,
    log: services.log,
    writer,
    resolve: async (arg, title) => {
      await service.ready;
      return paperFromArg(service.library, arg) ?? (arg === undefined ? await services.picker.pickPaper(title) : undefined);
    },
    paperOfActiveNote: () => {
      const doc = vscode.window.activeTextEditor?.document;
      if (!doc || doc.languageId !== 'markdown') {
        return undefined;
      }
      const key = noteMeta(readFrontmatter(doc.getText()).data).citekey;
      return key ? service.library.byKey.get(key) : undefined;
    },
  };
}
