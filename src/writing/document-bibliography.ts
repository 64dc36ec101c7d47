/**
 * A document's own bibliography in VS Code: a warning "not in refs.bib" on each citation of a
 * paper the library knows and the bibliography lacks, the quick fix "Add to refs.bib", and the
 * command `Sync Document Bibliography`. Every change to a bibliography file is one insertion in
 * a WorkspaceEdit (undoable; what the file holds never changes), then the file is saved so
 * pandoc and LaTeX see it.
 */
import * as vscode from 'vscode';
import type { Paper } from '../core/model';
import type { BibliographyRef, Insertion, SyncPlan } from '../core/writing/bibliography';
import { appendEntries, bibliographyKeys, citedKeys, findBibliographies, planSync } from '../core/writing/bibliography';
import { DIAGNOSTIC_COLLECTIONS, INTERNAL_COMMANDS } from '../ids';
import type { LibraryService } from '../services/library-service';
import { citationsIn, citeLanguage } from '../platform/cite-documents';
import { Debouncer } from '../platform/debounce';
import { Disposable } from '../platform/disposable';
import { currentTextIfAny } from '../platform/edit-text';
import { documentRange } from '../platform/ranges';

export const BIBLIOGRAPHY_DIAGNOSTIC_SOURCE = 'Lit Notes';
export const NOT_IN_BIBLIOGRAPHY_CODE = 'not-in-bibliography';
const DEBOUNCE_MS = 400;

/** What `Sync Document Bibliography` returns (the same shape as `litnotes bib sync --json`). */
export interface SyncReport {
  added: string[];
  unused: string[];
  unknown: string[];
  bibliography: string[];
}

export interface DocBibliography {
  readonly refs: readonly BibliographyRef[];
  readonly uris: readonly vscode.Uri[];
  /** Keys every readable bibliography holds. */
  readonly held: ReadonlySet<string>;
  /** The file new entries go to (the first BibTeX or CSL-JSON one). */
  readonly target: { ref: BibliographyRef; uri: vscode.Uri; text: string | undefined } | undefined;
  /** Bibliographies that could not be read as their format (never written). */
  readonly unreadable: readonly BibliographyRef[];
}

function bibUri(doc: vscode.Uri, ref: BibliographyRef): vscode.Uri {
  return ref.path.startsWith('/') ? doc.with({ path: ref.path }) : vscode.Uri.joinPath(doc, '..', ref.path);
}


/** The bibliography a document names, read now; undefined when it names none. */
export async function documentBibliography(doc: vscode.TextDocument): Promise<DocBibliography | undefined> {
  const language = citeLanguage(doc);
  if (!language) {
    return undefined;
  }
  const refs = findBibliographies(doc.getText(), language, doc.uri.path);
  if (refs.length === 0) {
    return undefined;
  }
  const held = new Set<string>();
  const unreadable: BibliographyRef[] = [];
  const uris: vscode.Uri[] = [];
  let target: DocBibliography['target'];
  for (const ref of refs) {
    const uri = bibUri(doc.uri, ref);
    uris.push(uri);
    const text = ref.format === 'unsupported' ? undefined : await currentTextIfAny(uri);
    const keys = text === undefined ? [] : bibliographyKeys(text, ref.format);
    if (keys === undefined || ref.format === 'unsupported') {
      unreadable.push(ref);
      continue;
    }
    keys.forEach((k) => held.add(k));
    target ??= { ref, uri, text };
  }
  return { refs, uris, held, target, unreadable };
}

function fileName(ref: BibliographyRef): string {
  return ref.raw.slice(ref.raw.lastIndexOf('/') + 1);
}

/** Adds the insertion to `edit` (creating the file when it does not exist). */
async function addInsertion(edit: vscode.WorkspaceEdit, uri: vscode.Uri, exists: boolean, insertion: Insertion): Promise<void> {
  if (!exists) {
    edit.createFile(uri, { ignoreIfExists: true });
    edit.insert(uri, new vscode.Position(0, 0), insertion.text);
    return;
  }
  const bibDoc = await vscode.workspace.openTextDocument(uri);
  edit.insert(uri, bibDoc.positionAt(insertion.offset), insertion.text);
}

/** Applies the insertion of `entries` into the document's target bibliography and saves it. */
export async function appendToBibliography(bib: DocBibliography, entries: SyncPlan['missing']): Promise<boolean> {
  const target = bib.target;
  if (!target) {
    return false;
  }
  const insertion = appendEntries(target.text, entries, target.ref.format === 'csl-json' ? 'csl-json' : 'bibtex');
  if (!insertion) {
    return false;
  }
  const edit = new vscode.WorkspaceEdit();
  await addInsertion(edit, target.uri, target.text !== undefined, insertion);
  if (!(await vscode.workspace.applyEdit(edit))) {
    return false;
  }
  const saved = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.uri.toString());
  await saved?.save();
  return true;
}

/** Sync: appends every missing cited paper; reports unused and unknown keys. */
export async function syncDocument(doc: vscode.TextDocument, service: LibraryService): Promise<SyncReport | undefined> {
  await service.whenAbstracts(); // entries are written whole
  const language = citeLanguage(doc);
  const bib = await documentBibliography(doc);
  if (!language || !bib) {
    return undefined;
  }
  const plan = planSync(citedKeys(doc.getText(), language), [...bib.held], service.library.byKey);
  const report: SyncReport = {
    added: [],
    unused: [...plan.unused],
    unknown: [...plan.unknown],
    bibliography: bib.uris.map((u) => vscode.workspace.asRelativePath(u, false)),
  };
  if (plan.missing.length > 0 && (await appendToBibliography(bib, plan.missing))) {
    report.added = plan.missing.map((m) => m.key);
    await service.keysUsed(plan.missing.map((m) => m.paper));
  }
  return report;
}

export class BibliographyDiagnostics extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection(DIAGNOSTIC_COLLECTIONS.bibliography));
  private readonly debouncer = this.register(new Debouncer<string>(DEBOUNCE_MS));
  /** Documents whose bibliography includes a file (by URI): rechecked when it changes. */
  private readonly dependents = new Map<string, Set<vscode.TextDocument>>();

  constructor(private readonly service: LibraryService) {
    super();
    vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0), undefined, this.disposables);
    vscode.workspace.onDidChangeTextDocument((e) => this.changed(e.document.uri, e.document), undefined, this.disposables);
    vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri), undefined, this.disposables);
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/*.{bib,bibtex,biblatex,json}'));
    for (const event of [watcher.onDidChange, watcher.onDidCreate, watcher.onDidDelete]) {
      event((uri) => this.changed(uri), undefined, this.disposables);
    }
    service.onDidChange(() => this.checkAll(), undefined, this.disposables);
    void service.ready.then(() => this.checkAll());
  }

  private checkAll(): void {
    vscode.workspace.textDocuments.forEach((d) => this.schedule(d, 0));
  }

  private changed(uri: vscode.Uri, doc?: vscode.TextDocument): void {
    if (doc) {
      this.schedule(doc, DEBOUNCE_MS);
    }
    this.dependents.get(uri.toString())?.forEach((d) => this.schedule(d, DEBOUNCE_MS));
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!citeLanguage(doc)) {
      return;
    }
    this.debouncer.schedule(doc.uri.toString(), () => void this.check(doc), delay);
  }

  async check(doc: vscode.TextDocument): Promise<void> {
    if (doc.isClosed || !citeLanguage(doc)) {
      return;
    }
    const version = doc.version;
    const bib = await documentBibliography(doc);
    if (doc.isClosed || doc.version !== version) {
      return; // a newer check is scheduled
    }
    for (const set of this.dependents.values()) {
      set.delete(doc);
    }
    if (!bib) {
      this.collection.delete(doc.uri);
      return;
    }
    for (const uri of bib.uris) {
      const set = this.dependents.get(uri.toString()) ?? new Set();
      set.add(doc);
      this.dependents.set(uri.toString(), set);
    }
    const library = this.service.library;
    const name = bib.target ? fileName(bib.target.ref) : fileName(bib.refs[0] as BibliographyRef);
    const diagnostics: vscode.Diagnostic[] = [];
    for (const ref of bib.unreadable) {
      const line = Math.max(0, Math.min(doc.lineCount - 1, ref.line - 1));
      const what = ref.format === 'unsupported' ? 'only BibTeX (.bib) and CSL-JSON (.json) bibliographies can be checked and synced' : `it is not a ${ref.format === 'csl-json' ? 'CSL-JSON array' : 'bibliography'} Lit Notes can read`;
      const d = new vscode.Diagnostic(doc.lineAt(line).range, `Bibliography "${ref.raw}": ${what}.`, vscode.DiagnosticSeverity.Information);
      d.source = BIBLIOGRAPHY_DIAGNOSTIC_SOURCE;
      diagnostics.push(d);
    }
    if (bib.target && library.papers.length > 0) {
      for (const ref of citationsIn(doc)) {
        if (!bib.held.has(ref.key) && library.byKey.has(ref.key)) {
          const d = new vscode.Diagnostic(documentRange(doc, ref), `"${ref.key}" is not in ${name}: pandoc and LaTeX will not find it (Lit Notes can add it).`, vscode.DiagnosticSeverity.Warning);
          d.source = BIBLIOGRAPHY_DIAGNOSTIC_SOURCE;
          d.code = NOT_IN_BIBLIOGRAPHY_CODE;
          diagnostics.push(d);
        }
      }
    }
    this.collection.set(doc.uri, diagnostics);
  }
}

export class BibliographyQuickFixProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  /** Synchronous (no file is read here): the command does the work when the fix is chosen. */
  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((x) => x.source === BIBLIOGRAPHY_DIAGNOSTIC_SOURCE && x.code === NOT_IN_BIBLIOGRAPHY_CODE);
    const language = citeLanguage(doc);
    if (ours.length === 0 || !language) {
      return [];
    }
    const target = findBibliographies(doc.getText(), language, doc.uri.path).find((b) => b.format !== 'unsupported');
    if (!target) {
      return [];
    }
    const seen = new Set<string>();
    const actions: vscode.CodeAction[] = [];
    for (const d of ours) {
      const key = doc.getText(d.range);
      if (seen.has(key)) {
        continue;
      }
      seen.add(key);
      const fix = new vscode.CodeAction(`Add to ${fileName(target)}`, vscode.CodeActionKind.QuickFix);
      fix.command = { command: INTERNAL_COMMANDS.addToBibliography, title: `Add to ${fileName(target)}`, arguments: [doc.uri, key] };
      fix.diagnostics = [d];
      fix.isPreferred = true;
      actions.push(fix);
    }
    return actions;
  }
}

/** The quick fix's work: appends one cited paper to the document's bibliography (one undoable edit) and saves it. */
export async function addToBibliography(doc: vscode.TextDocument, key: string, service: LibraryService): Promise<boolean> {
  await service.whenAbstracts(); // the entry is written whole
  const paper: Paper | undefined = service.library.byKey.get(key);
  const bib = await documentBibliography(doc);
  if (!paper || !bib || bib.held.has(key)) {
    return false;
  }
  const done = await appendToBibliography(bib, [{ key, paper }]);
  if (done) {
    await service.keysUsed([paper]);
  }
  return done;
}
