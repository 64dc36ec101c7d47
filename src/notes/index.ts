/** Notes: open or create, bulk create for a tree group, update metadata, reading status, template. */
import type * as vscode from 'vscode';
import type { Services } from '../services';
import { registerCreateNoteTemplate } from './create-note-template';
import { registerCreateNotesForGroup } from './create-notes-for-group';
import { NoteWriter } from './note-writer';
import { notesContext } from './notes-context';
import { registerOpenNote } from './open-note';
import { registerSetReadingStatus } from './set-reading-status';
import { registerUpdateNoteMetadata } from './update-note-metadata';

export type { BulkReport } from './create-notes-for-group';

export function register(context: vscode.ExtensionContext, services: Services): NoteWriter {
  const writer = new NoteWriter(services.notes, services.log, () => services.library.whenAbstracts());
  const ctx = notesContext(services, writer);
  context.subscriptions.push(
    registerOpenNote(ctx),
    registerCreateNotesForGroup(ctx),
    registerUpdateNoteMetadata(ctx),
    registerSetReadingStatus(ctx),
    registerCreateNoteTemplate(ctx),
  );
  return writer;
}
