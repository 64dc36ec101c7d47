import * as assert from 'node:assert/strict';
import { latexToUnicode, latexVerbatim } from './latex';

suite('core/sources/latex', () => {
  test('accents in every spelling compose to single characters', () => {
    assert.equal(latexToUnicode(String.raw`{\"O}zge Aks{\i}n T{\"u}rkmen {\c{C}}etinkaya`), 'Özge Aksın Türkmen Çetinkaya');
    assert.equal(latexToUnicode("\\'e \\'{e} {\\'e} \\'{\\i} \\v{s}\\v Cech \\H{o} \\k{a} \\r{u} \\u{g} \\=a \\.z \\~n \\^o \\`a"), 'é é é í šČech ő ą ů ğ ā ż ñ ô à');
    assert.equal(latexToUnicode(String.raw`\t{oo}`), 'o͡o');
    assert.equal(latexToUnicode(String.raw`\'{}`), '´');
  });

  test('letters, symbols, escapes, ligatures', () => {
    assert.equal(latexToUnicode(String.raw`Stra\ss e \o{} \AA ngstr\"om \ae\ \OE uvre`), 'Straße ø Ångström æ Œuvre');
    assert.equal(latexToUnicode(String.raw`Taylor {{\&} Francis} 50\% \$5 a\_b \#1`), 'Taylor & Francis 50% $5 a_b #1');
    assert.equal(latexToUnicode("pages 1--10 --- ``quoted'' `single'"), 'pages 1–10 — “quoted” ‘single\'');
    assert.equal(latexToUnicode(String.raw`J.~Amer. \textendash{} \ldots{} \textregistered`), 'J. Amer. – … ®');
    assert.equal(latexToUnicode(String.raw`The \TeX book, \LaTeX{} and \TeX\ again`), 'The TeXbook, LaTeX and TeX again');
  });

  test('math: Greek, symbols, super/subscripts, \\mathbb', () => {
    assert.equal(latexToUnicode(String.raw`$\beta$-catenin, $\alpha \leq 0.05$, Cu$_2$O, $x^{2}$, $10^{-3}$`), 'β-catenin, α ≤ 0.05, Cu₂O, x², 10⁻³');
    assert.equal(latexToUnicode(String.raw`$\mathbb{R}^n$ and $20\,^\circ$C`), 'ℝⁿ and 20 °C');
    assert.equal(latexToUnicode(String.raw`Cu$_{2-\delta}$O`), 'Cu2-δO'); // no subscript delta: plain text
    assert.equal(latexToUnicode(String.raw`\(a \times b\)`), 'a × b');
  });

  test('formatting macros keep their argument; switches and sort hacks vanish', () => {
    assert.equal(latexToUnicode(String.raw`\emph{Emph} {\em em} \textbf{bold} {\sc Small} \textsc{x} \mbox{box}`), 'Emph em bold Small x box');
    assert.equal(latexToUnicode(String.raw`\noopsort{a}Zeta \autocap{e}ine \enquote{q} \url{http://x.org/a\_b}`), 'Zeta eine “q” http://x.org/a_b');
    assert.equal(latexToUnicode(String.raw`\href{http://x}{link text} \textsuperscript{th} \MakeUppercase{up}`), 'link text th UP');
  });

  test('unknown macros: dropped, braced argument kept, words not glued', () => {
    assert.equal(latexToUnicode(String.raw`\unknown{kept} events.\ud \ud This`), 'kept events.  This');
    assert.equal(latexToUnicode(String.raw`\foo bar`), ' bar');
  });

  test('damaged input never throws', () => {
    for (const s of ['unclosed $math', 'stray } brace {', '\\', '{\\', '\\"', '$$', '^_^', '\\verb', '\\href{', '{{{{']) {
      assert.equal(typeof latexToUnicode(s), 'string');
    }
    assert.equal(latexToUnicode('unclosed $math and } stray { brace'), 'unclosed math and  stray  brace');
  });

  test('plain text is returned as is', () => {
    const s = 'Plain title: nothing to do (2020)';
    assert.equal(latexToUnicode(s), s);
  });

  test('latexVerbatim for URLs, DOIs and paths', () => {
    assert.equal(latexVerbatim(String.raw`http://x.org/a\_b\%20{c}`), 'http://x.org/a_b%20c');
    assert.equal(latexVerbatim(String.raw`\url{http://a.b/~c}`), 'http://a.b/~c');
    assert.equal(latexVerbatim(String.raw`http://a.b/{\textasciitilde}c`), 'http://a.b/~c');
    assert.equal(latexVerbatim(String.raw`10.1000/{ABC}\_1`), '10.1000/ABC_1');
    assert.equal(latexVerbatim(String.raw`:C\:\\Users\\x.pdf:PDF`), String.raw`:C:\Users\x.pdf:PDF`);
  });
});
