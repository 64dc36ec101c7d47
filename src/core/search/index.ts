/** Search engine core (pure): `SearchIndex` over papers, query parsing and tokenisation. See docs/search.md. */
export { SearchIndex, parseQuery } from './search-index';
export type { BuildOptions, IndexChanges, IndexStats, SearchHit, SearchOptions } from './search-index';
export { SNAPSHOT_VERSION, papersFingerprint } from './snapshot';
export type { ReadOptions as SnapshotReadOptions } from './snapshot';
export { foldedLetters, tokenize } from './tokenize';
export type { Token } from './tokenize';
