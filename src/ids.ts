/**
 * Every id Lit Notes contributes: commands, views, settings, context keys. package.json must
 * list exactly these (checked by src/ids.test.ts), so code and manifest cannot drift.
 */
export const COMMANDS = {
  showLibrarySummary: 'litNotes.showLibrarySummary',
  showProblems: 'litNotes.showProblems',
  refresh: 'litNotes.refresh',
  groupBy: 'litNotes.groupBy',
  sortBy: 'litNotes.sortBy',
  filterPapers: 'litNotes.filterPapers',
  clearFilter: 'litNotes.clearFilter',
  revealPaper: 'litNotes.revealPaper',
  showMore: 'litNotes.showMore',
  showPaper: 'litNotes.showPaper',
  copyKey: 'litNotes.copyKey',
  openArxiv: 'litNotes.openArxiv',
  openHuggingFace: 'litNotes.openHuggingFace',
  openDoi: 'litNotes.openDoi',
  openUrl: 'litNotes.openUrl',
  openPdf: 'litNotes.openPdf',
  addSource: 'litNotes.addSource',
  openDocs: 'litNotes.openDocs',
  openNote: 'litNotes.openNote',
  updateNoteMetadata: 'litNotes.updateNoteMetadata',
  createNotesForGroup: 'litNotes.createNotesForGroup',
  setReadingStatus: 'litNotes.setReadingStatus',
  createNoteTemplate: 'litNotes.createNoteTemplate',
  insertCitation: 'litNotes.insertCitation',
  copyCitation: 'litNotes.copyCitation',
  searchPapers: 'litNotes.searchPapers',
  copyReference: 'litNotes.copyReference',
  exportPapers: 'litNotes.exportPapers',
  replaceCitationKey: 'litNotes.replaceCitationKey',
  importDailyPapers: 'litNotes.importDailyPapers',
  addPaper: 'litNotes.addPaper',
  setHuggingFaceToken: 'litNotes.setHuggingFaceToken',
  syncBibliography: 'litNotes.syncBibliography',
  renameCitationKey: 'litNotes.renameCitationKey',
  clearCache: 'litNotes.clearCache',
} as const;

/** What can be done to one paper from a picker row, the detail view or a default action: its command. */
export const PAPER_ACTION_COMMANDS = {
  openDetail: COMMANDS.showPaper,
  openNote: COMMANDS.openNote,
  insertCitation: COMMANDS.insertCitation,
  copyKey: COMMANDS.copyKey,
} as const;
export type PaperAction = keyof typeof PAPER_ACTION_COMMANDS;
export const PAPER_ACTIONS = Object.keys(PAPER_ACTION_COMMANDS) as readonly PaperAction[];

export const VIEWS = {
  container: 'litNotes',
  papers: 'litNotes.papers',
  /** Webview panel type of the paper detail view. */
  detail: 'litNotes.detail',
} as const;

export const SETTINGS = {
  section: 'litNotes',
  sources: 'litNotes.sources',
  exclude: 'litNotes.exclude',
  maxFileSizeMB: 'litNotes.maxFileSizeMB',
  notesFolder: 'litNotes.notesFolder',
  noteFileName: 'litNotes.noteFileName',
  noteTemplate: 'litNotes.noteTemplate',
  citationFormat: 'litNotes.citation.format',
  searchMaxResults: 'litNotes.search.maxResults',
  searchAbstracts: 'litNotes.search.abstracts',
  searchDefaultAction: 'litNotes.search.defaultAction',
  importFolder: 'litNotes.importFolder',
  huggingFaceUrl: 'litNotes.huggingFace.url',
  arxivUrl: 'litNotes.arxiv.url',
  dailyPapersAutoImport: 'litNotes.dailyPapers.autoImport',
  citekeyLock: 'litNotes.citekeyLock',
  cacheMaxSizeMB: 'litNotes.cache.maxSizeMB',
} as const;

/** Commands registered for the extension's own use (completion items run them), not contributed. */
export const INTERNAL_COMMANDS = {
  keysUsed: 'litNotes.internal.keysUsed',
  /** Shows a paper (key) in the Papers view if the view is visible, without taking focus. */
  revealInTree: 'litNotes.internal.revealInTree',
  /** The quick fix "Add to refs.bib": (document URI, key). */
  addToBibliography: 'litNotes.internal.addToBibliography',
} as const;

/** Context keys used in `when` clauses. */
export const CONTEXT = {
  loaded: 'litNotes.loaded',
  empty: 'litNotes.libraryEmpty',
  filtered: 'litNotes.filtered',
} as const;

/**
 * Tree item context values (`viewItem` in `when` clauses). A paper's context value is a
 * space-separated list of tokens (`paper hasNote hasArxiv …`), so menus match `/\bhasDoi\b/`.
 */
export const VIEW_ITEMS = {
  group: 'group',
  more: 'more',
  paper: 'paper',
  hasNote: 'hasNote',
  hasArxiv: 'hasArxiv',
  hasDoi: 'hasDoi',
  hasUrl: 'hasUrl',
  hasHuggingFace: 'hasHuggingFace',
  hasPdf: 'hasPdf',
} as const;
/** A paper with a note also carries `status-<reading status>` in its context value. */
export const VIEW_ITEM_STATUS_PREFIX = 'status-';

/** Diagnostic collections (their names show in the Problems view's filter). */
export const DIAGNOSTIC_COLLECTIONS = {
  citations: 'litNotes',
  bibliography: 'litNotes.bibliography',
} as const;

/** Keys in workspaceState. */
export const STATE = {
  groupBy: 'litNotes.tree.groupBy',
  sortBy: 'litNotes.tree.sortBy',
  recentPapers: 'litNotes.recentPapers',
  /** The source files the last load found (a reopened window reads them before searching again). */
  sourceFiles: 'litNotes.sourceFiles',
  /** The content digests of the source files, by their change stamps (a reopened window need not read them). */
  sourceDigests: 'litNotes.sourceDigests',
  /** Latest day a Daily Papers import succeeded for (YYYY-MM-DD), for the auto-import. */
  lastDailyImport: 'litNotes.live.lastDailyImport',
  /** The folder Export Papers… last wrote to: the next Save dialog starts there. */
  lastExportFolder: 'litNotes.lastExportFolder',
} as const;

/** Keys in SecretStorage. */
export const SECRETS = {
  huggingFaceToken: 'litNotes.huggingFace.token',
} as const;

export const OUTPUT_CHANNEL = 'Lit Notes';
export const EXTENSION_ID = 'litnotes.lit-notes';

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** The part of a setting id after `litNotes.`, as passed to `getConfiguration('litNotes').get()`. */
export function settingName(id: (typeof SETTINGS)[Exclude<keyof typeof SETTINGS, 'section'>]): string {
  return id.slice(SETTINGS.section.length + 1);
}
