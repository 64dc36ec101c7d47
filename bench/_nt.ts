import { generateLibrary } from './generate-library';
const papers = generateLibrary(100000, 42);
const titles = papers.map(p=>p.title);
console.log(titles.slice(0,3));
function loop(t: string): string {
  let out = '';
  let start = -1;
  const lower = t.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    const ok = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (ok) { if (start < 0) start = i; }
    else if (start >= 0) { out += lower.slice(start, i); start = -1; }
  }
  if (start >= 0) out += start === 0 ? lower : lower.slice(start);
  return out;
}
const time = (l: string, f: (s: string) => unknown) => { const t = performance.now(); let x=0; for (const s of titles) { const r = f(s); if (typeof r === 'string') x += r.length; else if (r) x++; } console.log(l, (performance.now() - t).toFixed(0), x); };
for (let k = 0; k < 3; k++) {
  time('test ascii', (s) => /^[\x00-\x7f]*$/.test(s));
  time('lower', (s) => s.toLowerCase());
  time('replace', (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, ''));
  time('loop', loop);
}
