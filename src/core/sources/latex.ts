/**
 * LaTeX to Unicode for bibliographic field values (titles, names, journal names, abstracts).
 *
 * Not a TeX engine: a single linear pass that knows the text-mode accents, the foreign letters,
 * the usual symbol macros, Greek letters and common math symbols, font switches and formatting
 * macros (whose argument is kept), ligatures (`--`, `---`, ``` `` ```, `''`) and simple math
 * (`$x^2$` becomes `x²`). Braces are dropped. Unknown macros are dropped and their braced
 * argument, if any, is kept. Never throws; unbalanced braces and unclosed `$` are tolerated.
 * Pure function, no I/O.
 */

/** Combining marks for the accent macros, e.g. `\'e` is `e` + U+0301, composed to `é`. */
const ACCENTS: Readonly<Record<string, string>> = {
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '"': '\u0308',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  u: '\u0306',
  v: '\u030c',
  H: '\u030b',
  c: '\u0327',
  k: '\u0328',
  r: '\u030a',
  d: '\u0323',
  b: '\u0331',
  t: '\u0361',
  G: '\u030f',
  U: '\u030e',
};

/** Accents with an empty argument (`\'{}`) print the spacing form. */
const SPACING_ACCENTS: Readonly<Record<string, string>> = {
  "'": '´',
  '`': '`',
  '^': '^',
  '"': '¨',
  '~': '~',
  '=': '¯',
  '.': '˙',
  u: '˘',
  v: 'ˇ',
  H: '˝',
  c: '¸',
  k: '˛',
  r: '˚',
};

/** Macros without arguments that print a fixed text. */
const SYMBOLS: Readonly<Record<string, string>> = {
  // foreign letters
  ss: 'ß', SS: 'SS', o: 'ø', O: 'Ø', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', aa: 'å', AA: 'Å',
  l: 'ł', L: 'Ł', i: 'ı', j: 'ȷ', dh: 'ð', DH: 'Ð', th: 'þ', TH: 'Þ', ng: 'ŋ', NG: 'Ŋ',
  dj: 'đ', DJ: 'Đ', ij: 'ij', IJ: 'IJ', eth: 'ð', varnothing: '∅',
  // text symbols
  textendash: '–', textemdash: '—', textquoteleft: '‘', textquoteright: '’',
  textquotedblleft: '“', textquotedblright: '”', textquotesingle: "'", textquotedbl: '"',
  quotedblbase: '„', quotesinglbase: '‚', guillemotleft: '«', guillemotright: '»',
  guillemetleft: '«', guillemetright: '»', guilsinglleft: '‹', guilsinglright: '›',
  ldots: '…', dots: '…', textellipsis: '…', cdots: '⋯',
  textregistered: '®', texttrademark: '™', copyright: '©', textcopyright: '©',
  S: '§', textsection: '§', P: '¶', textparagraph: '¶', pounds: '£', textsterling: '£',
  euro: '€', texteuro: '€', textyen: '¥', textcent: '¢', textdollar: '$',
  textdegree: '°', degree: '°', textbackslash: '\\', textasciitilde: '~', textasciicircum: '^',
  textasciigrave: '`', textbar: '|', textbardbl: '‖', textless: '<', textgreater: '>',
  textunderscore: '_', textbraceleft: '{', textbraceright: '}', textbullet: '•',
  textperiodcentered: '·', textasteriskcentered: '∗', textdagger: '†', textdaggerdbl: '‡',
  dag: '†', ddag: '‡', textexclamdown: '¡', textquestiondown: '¿', textperthousand: '‰',
  textmu: 'µ', textonehalf: '½', textonequarter: '¼', textthreequarters: '¾', texttimes: '×',
  textdiv: '÷', textpm: '±', textminus: '−', textordfeminine: 'ª', textordmasculine: 'º',
  textnumero: '№', textservicemark: '℠', textlbrackdbl: '⟦', textrbrackdbl: '⟧',
  textvisiblespace: '␣', textcelsius: '℃', textohm: 'Ω', textmho: '℧', textestimated: '℮',
  slash: '/', hyphen: '-', textslash: '/', textfractionsolidus: '⁄', nobreakdash: '',
  TeX: 'TeX', LaTeX: 'LaTeX', LaTeXe: 'LaTeX2ε', BibTeX: 'BibTeX', BibLaTeX: 'BibLaTeX',
  XeTeX: 'XeTeX', LuaTeX: 'LuaTeX', AmS: 'AMS', AMS: 'AMS', SliTeX: 'SliTeX',
  today: '', relax: '', protect: '', unskip: '', ignorespaces: '', null: '', par: '\n\n',
  newline: ' ', linebreak: ' ', break: ' ', allowbreak: '', nolinebreak: '', noindent: '',
  indent: '', smallskip: ' ', medskip: ' ', bigskip: ' ', hfill: ' ', vfill: ' ', quad: ' ',
  qquad: ' ', enspace: ' ', thinspace: ' ', space: ' ', nobreakspace: ' ', xspace: ' ',
  bibnamedelima: ' ', bibnamedelimb: ' ', bibnamedelimc: ' ', bibnamedelimd: ' ',
  bibnamedelimi: ' ', bibrangedash: '–', bibdatedash: '–', mkbibnamefamily: '', isbn: '',
  // Greek
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ϵ', varepsilon: 'ε', zeta: 'ζ',
  eta: 'η', theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ', varkappa: 'ϰ', lambda: 'λ',
  mu: 'μ', nu: 'ν', xi: 'ξ', omicron: 'ο', pi: 'π', varpi: 'ϖ', rho: 'ρ', varrho: 'ϱ',
  sigma: 'σ', varsigma: 'ς', tau: 'τ', upsilon: 'υ', phi: 'ϕ', varphi: 'φ', chi: 'χ',
  psi: 'ψ', omega: 'ω', Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π',
  Sigma: 'Σ', Upsilon: 'Υ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω', digamma: 'ϝ',
  textalpha: 'α', textbeta: 'β', textgamma: 'γ', textdelta: 'δ', textepsilon: 'ε',
  textlambda: 'λ', textpi: 'π', textsigma: 'σ', texttau: 'τ', textphi: 'φ', textomega: 'ω',
  textOmega: 'Ω', textDelta: 'Δ',
  // math symbols
  infty: '∞', leq: '≤', le: '≤', geq: '≥', ge: '≥', neq: '≠', ne: '≠', approx: '≈',
  sim: '∼', simeq: '≃', cong: '≅', equiv: '≡', propto: '∝', ll: '≪', gg: '≫', lesssim: '≲',
  gtrsim: '≳', pm: '±', mp: '∓', times: '×', div: '÷', cdot: '·', ast: '∗', star: '⋆',
  circ: '∘', bullet: '•', oplus: '⊕', otimes: '⊗', to: '→', rightarrow: '→', leftarrow: '←',
  gets: '←', leftrightarrow: '↔', Rightarrow: '⇒', Leftarrow: '⇐', Leftrightarrow: '⇔',
  longrightarrow: '⟶', mapsto: '↦', uparrow: '↑', downarrow: '↓', implies: '⟹', iff: '⟺',
  in: '∈', notin: '∉', ni: '∋', subset: '⊂', supset: '⊃', subseteq: '⊆', supseteq: '⊇',
  cup: '∪', cap: '∩', emptyset: '∅', setminus: '∖', forall: '∀', exists: '∃', neg: '¬',
  lnot: '¬', wedge: '∧', land: '∧', vee: '∨', lor: '∨', partial: '∂', nabla: '∇',
  sum: '∑', prod: '∏', int: '∫', oint: '∮', surd: '√', prime: '′', ell: 'ℓ', hbar: 'ℏ',
  Re: 'ℜ', Im: 'ℑ', aleph: 'ℵ', wp: '℘', angle: '∠', perp: '⊥', parallel: '∥', mid: '∣',
  vert: '|', Vert: '‖', langle: '⟨', rangle: '⟩', lceil: '⌈', rceil: '⌉', lfloor: '⌊',
  rfloor: '⌋', lbrace: '{', rbrace: '}', backslash: '\\', colon: ':', ldotp: '.', cdotp: '·',
  vdots: '⋮', ddots: '⋱', triangle: '△', Box: '□', square: '□', diamond: '⋄', top: '⊤',
  bot: '⊥', vdash: '⊢', models: '⊨', dagger: '†', ddagger: '‡', checkmark: '✓',
  log: 'log', ln: 'ln', exp: 'exp', sin: 'sin', cos: 'cos', tan: 'tan', max: 'max',
  min: 'min', sup: 'sup', inf: 'inf', lim: 'lim', arg: 'arg', det: 'det', dim: 'dim',
  ker: 'ker', deg: 'deg', gcd: 'gcd', Pr: 'Pr', sinh: 'sinh', cosh: 'cosh', tanh: 'tanh',
  arcsin: 'arcsin', arccos: 'arccos', arctan: 'arctan', lg: 'lg', limsup: 'lim sup',
  liminf: 'lim inf', left: '', right: '', big: '', Big: '', bigg: '', Bigg: '', bigl: '',
  bigr: '', Bigl: '', Bigr: '', displaystyle: '', textstyle: '', scriptstyle: '',
  nonumber: '', limits: '', nolimits: '',
};

/** Font switches and size commands: print nothing, their scope does not matter for plain text. */
const SWITCHES = new Set(
  ('em it bf sc tt rm sf sl up md itshape bfseries scshape ttfamily rmfamily sffamily slshape ' +
    'upshape mdseries normalfont selectfont tiny scriptsize footnotesize small normalsize large ' +
    'Large LARGE huge Huge centering raggedright raggedleft boldmath unboldmath frenchspacing ' +
    'nonfrenchspacing sloppy fussy').split(' '),
);

/** One-argument macros whose argument is simply printed. */
const CONTENT = new Set(
  ('emph textit textbf textsc texttt textrm textsf textsl textup textmd textnormal textlf ' +
    'mbox hbox fbox makebox text mathrm mathit mathbf mathsf mathtt mathnormal mathcal ' +
    'mathscr mathfrak mathbfit boldsymbol bm pmb operatorname underline uline autocap ' +
    'textins textdel textenglish NoCaseChange nocase acronym acrshort acrlong smash ' +
    'textls ensuremath keyword bibstring mkbibemph mkbibitalic mkbibbold mkbibacro').split(' '),
);

/** One-argument macros whose argument is dropped (sorting hacks, labels, references). */
const DROP_ARG = new Set(
  ('noopsort noop nocite label index hspace vspace hskip vskip cite citep citet citealp ' +
    'citeauthor citeyear parencite textcite autocite footcite ref eqref pageref phantom ' +
    'hphantom vphantom footnote thanks SortNoop sortnoop bibsortkey kern').split(' '),
);

const SUPERSCRIPT: Readonly<Record<string, string>> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸',
  '9': '⁹', '+': '⁺', '-': '⁻', '−': '⁻', '=': '⁼', '(': '⁽', ')': '⁾', n: 'ⁿ', i: 'ⁱ', '∘': '°', '′': '′',
  ' ': '',
};
const SUBSCRIPT: Readonly<Record<string, string>> = {
  '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈',
  '9': '₉', '+': '₊', '-': '₋', '−': '₋', '=': '₌', '(': '₍', ')': '₎', a: 'ₐ', e: 'ₑ',
  o: 'ₒ', x: 'ₓ', h: 'ₕ', k: 'ₖ', l: 'ₗ', m: 'ₘ', n: 'ₙ', p: 'ₚ', s: 'ₛ', t: 'ₜ', ' ': '',
};
const DOUBLE_STRUCK: Readonly<Record<string, string>> = {
  C: 'ℂ', H: 'ℍ', N: 'ℕ', P: 'ℙ', Q: 'ℚ', R: 'ℝ', Z: 'ℤ',
};

function mapAll(text: string, table: Readonly<Record<string, string>>): string | undefined {
  let out = '';
  for (const ch of text) {
    const m = table[ch];
    if (m === undefined) {
      return undefined;
    }
    out += m;
  }
  return out;
}

/**
 * Characters that start something the converter must look at; everything else is copied. A
 * global regex used as a search: `lastIndex` is where it starts.
 */
const SPECIAL_CHAR = /[\\{}$~`'\-^_]/g;

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * How deep macro arguments may nest before the converter stops recursing and copies the rest of
 * the argument as plain text (braces dropped). Plain `{…}` groups never recurse, so only
 * something like `\\emph{\\emph{…}}` thousands deep reaches this.
 */
const MAX_ARGUMENT_DEPTH = 256;

class Converter {
  private pos = 0;
  private math = false;
  private depth = 0;
  composed = false;
  constructor(private readonly s: string) {}

  /** Converts until the end, or until the `}` closing the current group when `inGroup`. */
  sequence(inGroup: boolean): string {
    const s = this.s;
    let out = '';
    // Plain groups only delimit: their text joins the output, so they are counted, not recursed
    // into (a value nested 100,000 braces deep converts without growing the stack).
    let groups = 0;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      switch (c) {
        case 123 /* { */:
          this.pos++;
          groups++;
          break;
        case 125 /* } */:
          this.pos++;
          if (groups > 0) {
            groups--;
          } else if (inGroup) {
            return out;
          }
          break; // stray closing brace: dropped
        case 92 /* \ */:
          out += this.macro();
          break;
        case 36 /* $ */:
          this.pos += s.charCodeAt(this.pos + 1) === 36 ? 2 : 1;
          this.math = !this.math;
          break;
        case 126 /* ~ */:
          this.pos++;
          out += ' ';
          break;
        case 45 /* - */:
          if (!this.math && s.charCodeAt(this.pos + 1) === 45) {
            if (s.charCodeAt(this.pos + 2) === 45) {
              this.pos += 3;
              out += '—';
            } else {
              this.pos += 2;
              out += '–';
            }
          } else {
            this.pos++;
            out += '-';
          }
          break;
        case 96 /* ` */:
          if (s.charCodeAt(this.pos + 1) === 96) {
            this.pos += 2;
            out += '“';
          } else {
            this.pos++;
            out += '‘';
          }
          break;
        case 39 /* ' */:
          if (!this.math && s.charCodeAt(this.pos + 1) === 39) {
            this.pos += 2;
            out += '”';
          } else {
            this.pos++;
            out += this.math ? '′' : "'";
          }
          break;
        case 94 /* ^ */:
        case 95 /* _ */:
          this.pos++;
          out += this.math ? this.script(c === 94) : String.fromCharCode(c);
          break;
        default: {
          // copy a run of ordinary characters at once
          // (a regex search, compiled to native code: 2× faster than a charCodeAt loop on
          // 100k generated abstracts)
          const start = this.pos;
          SPECIAL_CHAR.lastIndex = start + 1;
          this.pos = SPECIAL_CHAR.test(s) ? SPECIAL_CHAR.lastIndex - 1 : s.length;
          out += s.slice(start, this.pos);
        }
      }
    }
    return out;
  }

  /** `^x` / `_{xy}` in math: Unicode super/subscripts when every character has one, else plain text. */
  private script(sup: boolean): string {
    const arg = this.argument();
    const mapped = mapAll(arg, sup ? SUPERSCRIPT : SUBSCRIPT);
    return mapped ?? arg; // not all characters have a Unicode super/subscript: plain text
  }

  private skipSpaces(allowNewline: boolean): void {
    const s = this.s;
    let newlines = 0;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === 32 || c === 9) {
        this.pos++;
      } else if ((c === 10 || c === 13) && allowNewline && newlines === 0) {
        newlines++;
        this.pos += c === 13 && s.charCodeAt(this.pos + 1) === 10 ? 2 : 1;
      } else {
        break;
      }
    }
  }

  /** Reads one macro argument (a group, a macro or one character), converted. */
  private argument(): string {
    this.skipSpaces(true);
    const s = this.s;
    if (this.pos >= s.length) {
      return '';
    }
    const c = s.charCodeAt(this.pos);
    if (c === 123) {
      this.pos++;
      if (this.depth >= MAX_ARGUMENT_DEPTH) {
        return this.rawGroup();
      }
      this.depth++;
      try {
        return this.sequence(true);
      } finally {
        this.depth--;
      }
    }
    if (c === 92) {
      return this.macro();
    }
    if (c === 125) {
      return ''; // `\'}`: nothing to accent; leave the brace to the enclosing group
    }
    const cp = s.codePointAt(this.pos) ?? c;
    const ch = String.fromCodePoint(cp);
    this.pos += ch.length;
    return ch;
  }

  /** The raw text of a braced argument (for `\url`), or one character. */
  private rawArgument(): string {
    this.skipSpaces(true);
    const s = this.s;
    if (s.charCodeAt(this.pos) !== 123) {
      return this.pos < s.length ? s.charAt(this.pos++) : '';
    }
    let depth = 0;
    const start = this.pos + 1;
    for (; this.pos < s.length; this.pos++) {
      const c = s.charCodeAt(this.pos);
      if (c === 92) {
        this.pos++;
      } else if (c === 123) {
        depth++;
      } else if (c === 125 && --depth === 0) {
        return s.slice(start, this.pos++);
      }
    }
    return s.slice(start);
  }

  /** The rest of a group too deep to convert (the `{` is consumed): text with macros and braces dropped. */
  private rawGroup(): string {
    this.pos--;
    return this.rawArgument()
      .replace(/\\[A-Za-z]+\s*/g, '')
      .replace(/\\(.)/g, '$1')
      .replace(/[{}]/g, '');
  }

  private accent(mark: string, spacing: string | undefined): string {
    let arg = this.argument();
    if (arg === '') {
      return spacing ?? '';
    }
    this.composed = true;
    const first = String.fromCodePoint(arg.codePointAt(0) ?? 32);
    const base = first === 'ı' ? 'i' : first === 'ȷ' ? 'j' : first;
    arg = arg.slice(first.length);
    return base + mark + arg;
  }

  private macro(): string {
    const s = this.s;
    this.pos++; // the backslash
    if (this.pos >= s.length) {
      return '';
    }
    const c = s.charCodeAt(this.pos);
    if (!isLetter(c)) {
      // control symbol
      this.pos++;
      const ch = String.fromCharCode(c);
      const mark = ACCENTS[ch];
      if (mark !== undefined) {
        return this.accent(mark, SPACING_ACCENTS[ch]);
      }
      switch (ch) {
        case '\\':
          return ' ';
        case ' ':
        case ',':
        case ';':
        case ':':
        case '>':
        case '\n':
        case '\r':
        case '\t':
          return ' ';
        case '!':
        case '/':
        case '-':
        case '@':
          return '';
        case '(':
        case '[':
          this.math = true;
          return '';
        case ')':
        case ']':
          this.math = false;
          return '';
        case '|':
          return '‖';
        default:
          return ch; // \& \% \$ \# \_ \{ \} and anything else escaped
      }
    }
    const start = this.pos;
    while (this.pos < s.length && isLetter(s.charCodeAt(this.pos))) {
      this.pos++;
    }
    const name = s.slice(start, this.pos);
    if (s.charCodeAt(this.pos) === 42 /* * */ && !this.math) {
      this.pos++; // starred variants behave the same here
    }
    const mark = ACCENTS[name];
    if (mark !== undefined) {
      return this.accent(mark, SPACING_ACCENTS[name]);
    }
    const symbol = SYMBOLS[name];
    if (symbol !== undefined) {
      // Like TeX, spaces after a control word are swallowed (`\TeX book` is "TeXbook"); in math
      // they are kept, as plain text needs them where TeX adds math spacing (`\alpha \leq 1`).
      if (!this.math) {
        this.skipSpaces(false);
      }
      if (s.charCodeAt(this.pos) === 123 && s.charCodeAt(this.pos + 1) === 125) {
        this.pos += 2; // `\ss{}`, `\LaTeX{}`: the empty group only ends the control word
      }
      return symbol;
    }
    if (SWITCHES.has(name)) {
      this.skipSpaces(false);
      return '';
    }
    if (CONTENT.has(name)) {
      if (name === 'text' || name === 'mbox' || name === 'hbox' || name === 'textnormal') {
        const math = this.math;
        this.math = false;
        const out = this.argument();
        this.math = math;
        return out;
      }
      if (name === 'ensuremath') {
        const math = this.math;
        this.math = true;
        const out = this.argument();
        this.math = math;
        return out;
      }
      return this.argument();
    }
    if (DROP_ARG.has(name)) {
      this.skipOptional();
      this.rawArgument();
      return '';
    }
    switch (name) {
      case 'url':
      case 'path':
      case 'nolinkurl':
        return this.rawArgument().replace(/\\([%#&_~$])/g, '$1');
      case 'href': {
        this.rawArgument();
        return this.argument();
      }
      case 'enquote':
      case 'mkbibquote':
        return '“' + this.argument() + '”';
      case 'textsuperscript':
      case 'mathsuperscript': {
        const arg = this.argument();
        return mapAll(arg, SUPERSCRIPT) ?? arg;
      }
      case 'textsubscript': {
        const arg = this.argument();
        return mapAll(arg, SUBSCRIPT) ?? arg;
      }
      case 'mathbb':
      case 'mathds':
      case 'varmathbb': {
        const arg = this.argument();
        return mapAll(arg, DOUBLE_STRUCK) ?? arg;
      }
      case 'MakeUppercase':
      case 'uppercase':
      case 'MakeTextUppercase':
        return this.argument().toUpperCase();
      case 'MakeLowercase':
      case 'lowercase':
      case 'MakeTextLowercase':
        return this.argument().toLowerCase();
      case 'sqrt':
        this.skipOptional();
        return '√' + this.argument();
      case 'frac':
      case 'dfrac':
      case 'tfrac': {
        const num = this.argument();
        const den = this.argument();
        return `${num}/${den}`;
      }
      case 'foreignlanguage':
      case 'textcolor':
      case 'colorbox':
        this.rawArgument();
        return this.argument();
      case 'color':
        this.rawArgument();
        return '';
      case 'verb': {
        const delim = s.charAt(this.pos);
        const end = delim === '' ? -1 : s.indexOf(delim, this.pos + 1);
        if (end < 0) {
          return '';
        }
        const out = s.slice(this.pos + 1, end);
        this.pos = end + 1;
        return out;
      }
      default: {
        // Unknown macro: drop it, keep a braced argument if one follows directly; a space
        // after it stays, so that words around a broken escape (`\ud`) are not glued.
        const before = this.pos;
        this.skipSpaces(false);
        if (s.charCodeAt(this.pos) === 123) {
          return this.argument();
        }
        return this.pos > before ? ' ' : '';
      }
    }
  }

  /** Skips an optional `[...]` argument. */
  private skipOptional(): void {
    this.skipSpaces(false);
    if (this.s.charCodeAt(this.pos) === 91 /* [ */) {
      const end = this.s.indexOf(']', this.pos);
      this.pos = end < 0 ? this.s.length : end + 1;
    }
  }
}

const NEEDS_WORK = /[\\{}$~`'^_]|--/;

/**
 * Converts a LaTeX field value to plain Unicode text. Whitespace is left as it is (callers
 * collapse it or keep paragraph breaks); `\par` becomes a blank line.
 */
export function latexToUnicode(value: string): string {
  if (!NEEDS_WORK.test(value)) {
    return value;
  }
  const converter = new Converter(value);
  const out = converter.sequence(false);
  return converter.composed ? out.normalize('NFC') : out;
}

/**
 * Cleans a field that is really verbatim (URL, DOI, file path, eprint): drops braces and a
 * `\url{}` wrapper, and unescapes `\_`, `\%`, `\&`, `\#`, `\~`, `\$` and `{\textasciitilde}`.
 */
export function latexVerbatim(value: string): string {
  if (!/[\\{}$]/.test(value)) {
    return value.trim();
  }
  return value
    .replace(/\\(?:url|href|path|nolinkurl)\s*/g, '')
    .replace(/\{?\\textasciitilde\s*\}?|\$\\sim\$|\\~\{\}/g, '~')
    .replace(/\{?\\textunderscore\s*\}?/g, '_')
    .replace(/\\([%#&_~$/:;\\])/g, (_m, c: string) => c)
    .replace(/[{}]/g, '')
    .trim();
}
