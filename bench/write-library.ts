/**
 * Writes a generated library for the UI benchmarks: `node --import tsx bench/write-library.ts FILE N`
 * writes N papers (with abstracts) as BibTeX to FILE and prints {"titles": […]}, a sample of the
 * titles (every N/20th paper) for the benchmark to type.
 */
import { writeFileSync } from 'node:fs';
import { toBibtex } from './formats';
import { generateLibrary } from './generate-library';

const [file, n] = process.argv.slice(2);
if (!file || !n) {
  throw new Error('usage: write-library.ts FILE N');
}
const papers = generateLibrary(Number(n), 42);
writeFileSync(file, toBibtex(papers));
const step = Math.max(1, Math.floor(papers.length / 20));
process.stdout.write(JSON.stringify({ titles: papers.filter((_, i) => i % step === 0).slice(0, 20).map((p) => p.title) }) + '\n');
