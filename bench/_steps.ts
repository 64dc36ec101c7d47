import { keyLibrarySteps, mergeSourcesSteps } from '../src/core/library';
import { parseSource } from '../src/core/sources';
import { generateLibrary } from './generate-library';
import { toHfJson, toBibtex } from './formats';
const which = process.env.FMT ?? 'hf';
const papers = generateLibrary(100000, 42);
const parsed = [parseSource(which === 'hf' ? 'big.json' : 'big.bib', which === 'hf' ? toHfJson(papers) : toBibtex(papers))];
const cpuNow = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
global.gc?.();
function drive<T>(label: string, g: Generator<void, T, void>): T {
  let i = 0; let r; const t0 = cpuNow();
  for (;;) { const t = cpuNow(); r = g.next(); const d = cpuNow() - t; if (d > 10) console.log(`${label} step ${i} took ${d.toFixed(1)} ms CPU at ${(t - t0).toFixed(0)}`); i++; if (r.done) break; }
  console.log(`${label}: ${i} steps, ${(cpuNow() - t0).toFixed(0)} ms CPU`);
  return r.value;
}
const merged = drive('merge', mergeSourcesSteps(parsed));
global.gc?.();
drive('keys', keyLibrarySteps(merged));
