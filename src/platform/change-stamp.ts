/**
 * A file's change stamp (issue #17): what lets a reopened window know a source's content digest
 * without reading the file, as git's index knows a file is unchanged without hashing it.
 *
 * The stamp is the device, inode, size, modification time and status-change time (`ctime`, in
 * nanoseconds). Writing a file's content updates its `ctime` to the current time, and no tool
 * can set `ctime` back (`touch -r` and `utimes` set the modification time, and update `ctime`
 * themselves). So a file rewritten with the same size and modification time still gets another
 * stamp, and two stats with the same stamp saw the same bytes, with one exception that git calls
 * "racily clean": a file changed again within the file system's timestamp granularity (a few
 * milliseconds on Linux; 2 s on some file systems) after it was stat'ed. A stat taken within
 * {@link SETTLE_MS} of the file's `ctime` therefore has no stamp, and the file is read and hashed
 * as before.
 *
 * Limits, as git's: a system clock set back, or a file system whose `ctime` is not kept (then it
 * is 0 and there is no stamp). A network file system's clock differs from this machine's by its
 * skew, which widens the racy window by as much.
 */
/** What the stamp is made of: Node's `fs.stat(path, { bigint: true })` (`BigIntStats`). */
export interface StampStats {
  isFile(): boolean;
  readonly dev: bigint;
  readonly ino: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
  readonly ctimeNs: bigint;
  readonly ctimeMs: bigint;
}

/** How long after its last change a file's stamp is trusted: above every common timestamp granularity. */
export const SETTLE_MS = 2_000;

/** The change stamp of a regular file's stat taken at `now` (ms since the epoch), or undefined when it cannot be trusted. */
export function changeStampOf(s: StampStats, now: number): string | undefined {
  if (!s.isFile() || s.ctimeNs <= 0n || now - Number(s.ctimeMs) < SETTLE_MS) {
    return undefined;
  }
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}
