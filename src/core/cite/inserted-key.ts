/** How completion inserts a citation key. Pure. */
/**
 * The key as completion inserts it (#18: keys now come verbatim from sources). In markdown a key
 * pandoc cannot read bare gets braces, `@{odd key}`; inside braces already typed it is inserted
 * as is. LaTeX takes the key as written (a key with `,` or braces cannot be cited there at all).
 */
export function insertedKey(key: string, language: 'markdown' | 'latex', braced: boolean): string {
  if (language !== 'markdown' || braced || /^[A-Za-z][A-Za-z0-9_:.-]*[A-Za-z0-9_]$|^[A-Za-z]$/.test(key)) {
    return key;
  }
  return `{${key}}`;
}
