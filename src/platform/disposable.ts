/**
 * Disposables without `vscode` (structurally `vscode.Disposable`): a store that disposes what it
 * holds once, and a base class for services that own listeners, watchers and timers.
 */

export interface IDisposable {
  dispose(): unknown;
}

/** Disposes each item in order; every item is disposed even when one throws (the first error is rethrown). */
export function disposeAll(items: Iterable<IDisposable>): void {
  let failure: { error: unknown } | undefined;
  for (const item of items) {
    try {
      item.dispose();
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure) {
    throw failure.error;
  }
}

/** Holds disposables; `dispose()` disposes them once, and anything added afterwards at once. */
export class DisposableStore implements IDisposable {
  /** The held items, in the shape VS Code events take as their `disposables` argument. */
  readonly items: IDisposable[] = [];
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  add<T extends IDisposable>(item: T): T {
    if (this.disposed) {
      item.dispose();
    } else {
      this.items.push(item);
    }
    return item;
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    disposeAll(this.items.splice(0));
  }
}

/**
 * Base class for an object that owns disposables: `this.disposables` goes to VS Code events as
 * their third argument, `this.register(x)` adds one; `dispose()` releases all of them once.
 */
export abstract class Disposable implements IDisposable {
  private readonly store = new DisposableStore();

  /** Pass to `event(listener, thisArg, this.disposables)`. */
  protected get disposables(): IDisposable[] {
    return this.store.items;
  }

  protected register<T extends IDisposable>(item: T): T {
    return this.store.add(item);
  }

  dispose(): void {
    this.store.dispose();
  }
}
