/**
 * Deterministic generator of realistic-looking paper libraries for the benchmarks (and as
 * distractors in the search quality tests).
 *
 * `generateLibrary(n, seed)` always returns the same papers for the same arguments:
 * - titles of 6–15 words (sometimes `Name: subtitle`), unique;
 * - abstracts of ~150–250 words drawn from a Zipf-like vocabulary of ~40,000 words: English
 *   function words, a few hundred real technical terms, and pronounceable invented stems with
 *   inflections (`-s`, `-ing`, `-ed`, `-ation`, …) so prefix families exist as in real text;
 * - 1–20 authors from name pools (a few with accents), an organisation for ~30%, a venue for
 *   ~40%, years 1990–2026 skewed to recent ones, full ISO dates, upvotes, DOI/arXiv ids, and a
 *   Google-Scholar-style citation key made unique with suffixes.
 */
import { baseKey, letterSuffix } from '../src/core/citekey';
import type { Paper } from '../src/core/model';

/** sfc32: small, fast, good-quality seeded PRNG returning floats in [0, 1). */
function prng(seed: number): () => number {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 + seed * 31;
  let c = 0xb7e15162 ^ (seed << 7);
  let d = 1;
  const next = (): number => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) {
    next();
  }
  return next;
}

const FUNCTION_WORDS = (
  'the of and to a in we that for is on with by this as are our from which be an can models ' +
  'model it these results show both using at such while into than across also more has their ' +
  'not been based between however its over each when new two or use only both further where'
).split(' ');

const TECH_TERMS = (
  'learning language neural network networks training data transformer transformers attention diffusion ' +
  'reinforcement policy reward agent agents benchmark benchmarks dataset datasets generation generative ' +
  'reasoning inference optimization gradient gradients embedding embeddings representation representations ' +
  'retrieval augmented multimodal vision visual image images video videos text textual speech audio ' +
  'token tokens tokenizer decoder encoder autoregressive pretraining pretrained finetuning fine-tuning ' +
  'instruction instructions alignment preference human feedback supervised unsupervised self-supervised ' +
  'contrastive masked latent sampling sampler scheduler noise denoising score estimation evaluation ' +
  'robustness adversarial privacy federated distributed parallel scaling efficient efficiency memory ' +
  'compression quantization pruning distillation sparse sparsity mixture experts routing expert ' +
  'convolutional recurrent graph graphs node nodes edge molecular protein proteins genomic clinical ' +
  'medical segmentation detection classification regression clustering forecasting temporal spatial ' +
  'geometric 3d scene rendering radiance fields neural-radiance point cloud depth pose tracking ' +
  'navigation robot robotic manipulation control planning world simulation simulator physics ' +
  'theorem proof mathematical math code program programs synthesis verification formal logic ' +
  'question answering dialogue conversational chat summarization translation multilingual cross-lingual ' +
  'low-resource zero-shot few-shot in-context prompt prompting chain-of-thought hallucination factuality ' +
  'safety jailbreak red-teaming toxicity bias fairness interpretability mechanistic circuits probing ' +
  'steering activation activations layer layers head heads residual normalization dropout regularization ' +
  'convergence stochastic variational bayesian probabilistic uncertainty calibration ensemble kernel ' +
  'manifold spectral fourier wavelet operator operators equation equations differential solver solvers ' +
  'llm llms vlm vlms mllm gpt bert clip vit lora rlhf dpo ppo grpo moe rag sft cot nerf gaussian splatting ' +
  'long-context context window throughput latency hardware gpu gpus accelerator kernel-level compiler ' +
  'search ranking recommendation retrieval-augmented knowledge graph-based tabular time-series anomaly ' +
  'domain adaptation transfer continual meta-learning curriculum exploration imitation offline online ' +
  'open-source open-weight scalable lightweight unified universal foundation frontier emergent capabilities'
).split(/\s+/);

const SYLLABLES = (
  'ka lo mi ra ten vor lex qui bra zen tor ma li sto phe ran dor cel vis nu tra gen pro dy mor ' +
  'syn tal ver po cre fa ion ex hel ix ul ob tri lam kor ves pan ther cyn gal rho sig mu tau del ' +
  'zar fen hol mar tex cor pul sen'
).split(' ');
const SUFFIXES = ['', 's', 'ing', 'ed', 'ation', 'ive', 'al', 'ity', 'er', 'ic'];

const GIVEN = (
  'Wei Li Jing Yang Xin Hao Yu Zhen Ming Lei Jun Tao Kai Yan Hui Chen Lin Qing Rui Bo ' +
  'James John Robert Michael David William Richard Thomas Daniel Matthew Anthony Mark Paul Steven Andrew ' +
  'Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Emily Anna Laura Julia ' +
  'Ahmed Mohamed Omar Ali Fatima Aisha Hassan Youssef Arjun Priya Rahul Ananya Vikram Sanjay Deepak ' +
  'Hiroshi Yuki Takumi Haruto Sakura Minji Jiwoo Seojun Hyun Sung ' +
  'José María Łukasz Zoë Sébastien François Jürgen Søren Ólafur Dvořák ' +
  'Lucas Noah Leon Felix Elias Paul Jonas Max Emma Mia Sofia Hannah Lena Clara Marie ' +
  'Ivan Dmitri Sergei Olga Natalia Alexei Mikhail Pavel Yulia Elena ' +
  'Pierre Louis Camille Léa Chloé Hugo Jules Antoine Mathieu Nicolas'
).split(/\s+/);

const FAMILY = (
  'Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo ' +
  'Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez ' +
  'Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark ' +
  'Kumar Singh Sharma Gupta Patel Reddy Iyer Nair Rao Das Khan Ahmed Hussein Ali Ibrahim ' +
  'Tanaka Suzuki Takahashi Watanabe Ito Yamamoto Nakamura Kobayashi Kim Park Choi Jung Kang Cho ' +
  'Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann ' +
  'Dubois Lefèvre Moreau Laurent Simon Michel Garnier Rousseau Blanc Guérin ' +
  'Ivanov Petrov Smirnov Kuznetsov Popov Sokolov Novak Kowalski Wiśniewski Nowak ' +
  'Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco ' +
  'Vaswani Hinton Bengio LeCun Sutskever Goodfellow Kingma Radford Devlin Brockman'
).split(/\s+/);

const ORGS = (
  'NVIDIA|Google DeepMind|Google Research|Meta AI|Microsoft Research|OpenAI|Anthropic|Apple|Amazon Science|' +
  'Hugging Face|Allen Institute for AI|Alibaba Qwen|ByteDance Seed|Tencent AI Lab|Baidu Research|' +
  'DeepSeek|Mistral AI|Stability AI|Salesforce Research|IBM Research|Tsinghua University|Peking University|' +
  'Stanford University|MIT CSAIL|Carnegie Mellon University|UC Berkeley|University of Oxford|' +
  'University of Cambridge|ETH Zürich|EPFL|Max Planck Institute|Mila|Vector Institute|KAIST|' +
  'Seoul National University|University of Tokyo|Shanghai AI Laboratory|Zhejiang University|' +
  'National University of Singapore|Nanyang Technological University|University of Toronto|' +
  'University of Washington|Princeton University|Harvard University|Cornell University|' +
  'Samsung Research|Naver AI|Sony AI|Adobe Research|Snap Research'
).split('|');

const VENUES = 'NeurIPS|ICML|ICLR|CVPR|ICCV|ECCV|ACL|EMNLP|NAACL|AAAI|IJCAI|KDD|SIGIR|WWW|TMLR|JMLR|Nature|Science|arXiv preprint|COLM'.split('|');

const TITLE_LINKS = ['for', 'with', 'via', 'of', 'in', 'on', 'and', 'towards', 'through', 'from', 'using', 'without'];

const VOCAB_SIZE = 40_000;

interface Vocabulary {
  /** Words by Zipf rank. */
  readonly words: readonly string[];
  /** Content words (no function words), for titles. */
  readonly content: readonly string[];
}

function buildVocabulary(rand: () => number): Vocabulary {
  const seen = new Set<string>();
  const words: string[] = [];
  const add = (w: string): void => {
    if (!seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  };
  FUNCTION_WORDS.forEach(add);
  // Interleave the technical terms with invented words so they spread over the frequent ranks.
  const tech = [...TECH_TERMS];
  while (words.length < VOCAB_SIZE) {
    if (tech.length > 0 && rand() < 0.35) {
      add(tech.shift() ?? '');
      continue;
    }
    const syllables = 2 + Math.floor(rand() * rand() * 3);
    let stem = '';
    for (let i = 0; i < syllables; i++) {
      stem += SYLLABLES[Math.floor(rand() * SYLLABLES.length)] ?? 'ka';
    }
    // Inflections of the same stem: realistic prefix families.
    const forms = 1 + Math.floor(rand() * 4);
    for (let i = 0; i < forms && words.length < VOCAB_SIZE; i++) {
      add(stem + (i === 0 ? '' : (SUFFIXES[Math.floor(rand() * SUFFIXES.length)] ?? '')));
    }
  }
  const fn = new Set(FUNCTION_WORDS);
  return { words, content: words.filter((w) => !fn.has(w)) };
}

/** Zipf(s≈1) rank in [0, size): log-uniform inverse CDF, O(1) per sample. */
function zipf(rand: () => number, size: number): number {
  return Math.min(size - 1, Math.floor(Math.exp(rand() * Math.log(size + 1)) - 1));
}

function capitalize(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1);
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  const item = items[Math.floor(rand() * items.length)];
  if (item === undefined) {
    throw new Error('pick from an empty list');
  }
  return item;
}

function makeTitle(rand: () => number, vocab: Vocabulary): string {
  const n = 6 + Math.floor(rand() * 10); // 6–15 words
  const words: string[] = [];
  let i = 0;
  if (rand() < 0.25) {
    // "SysName: ..." style, e.g. "TorchTitan: ...".
    const a = pick(rand, vocab.content.slice(0, 3000));
    const b = pick(rand, vocab.content.slice(0, 3000));
    words.push(`${capitalize(a)}${rand() < 0.5 ? capitalize(b) : b.toUpperCase().slice(0, 3)}:`);
    i++;
  }
  while (i < n) {
    if (i > 1 && i < n - 1 && rand() < 0.18) {
      words.push(pick(rand, TITLE_LINKS));
    } else {
      const w = vocab.content[zipf(rand, vocab.content.length)] ?? 'model';
      words.push(rand() < 0.8 ? capitalize(w) : w);
    }
    i++;
  }
  return words.join(' ');
}

function makeAbstract(rand: () => number, vocab: Vocabulary): string {
  const target = 150 + Math.floor(rand() * 101); // 150–250 words
  const sentences: string[] = [];
  let count = 0;
  // Each paper has a handful of topic words it repeats, as real abstracts do.
  const topic = Array.from({ length: 4 }, () => vocab.content[zipf(rand, vocab.content.length)] ?? 'model');
  while (count < target) {
    const len = Math.min(target - count, 10 + Math.floor(rand() * 16));
    const words: string[] = [];
    for (let i = 0; i < len; i++) {
      const r = rand();
      let w: string;
      if (r < 0.38) {
        w = FUNCTION_WORDS[Math.floor(rand() * rand() * FUNCTION_WORDS.length)] ?? 'the';
      } else if (r < 0.46) {
        w = topic[Math.floor(rand() * topic.length)] ?? 'model';
      } else if (r < 0.47) {
        w = `${Math.floor(rand() * 100)}.${Math.floor(rand() * 10)}%`;
      } else {
        w = vocab.words[zipf(rand, vocab.words.length)] ?? 'data';
      }
      words.push(i === 0 ? capitalize(w) : w);
    }
    sentences.push(words.join(' ') + (rand() < 0.1 ? ';' : '.'));
    count += len;
  }
  return sentences.join(' ');
}

/**
 * `n` papers, deterministic for a given `seed`. Keys are unique; titles are unique.
 * Generating 100,000 papers takes a few seconds (abstracts are ~1.4 KB each).
 */
export function generateLibrary(n: number, seed = 42): Paper[] {
  const rand = prng(seed);
  const vocab = buildVocabulary(prng(seed ^ 0x5eed));
  const titles = new Set<string>();
  const keys = new Set<string>();
  const papers: Paper[] = [];
  for (let i = 0; i < n; i++) {
    let title = makeTitle(rand, vocab);
    while (titles.has(title.toLowerCase())) {
      title = makeTitle(rand, vocab);
    }
    titles.add(title.toLowerCase());
    const authorCount = rand() < 0.05 ? 1 : Math.min(20, 2 + Math.floor(-Math.log(1 - rand()) * 4));
    const authors: string[] = [];
    for (let a = 0; a < authorCount; a++) {
      authors.push(`${pick(rand, GIVEN)} ${pick(rand, FAMILY)}`);
    }
    // Years 1990–2026, most of them recent.
    const year = 2026 - Math.min(36, Math.floor(-Math.log(1 - rand()) * 5));
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 28);
    const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const upvotes = Math.floor(Math.exp(rand() * Math.log(500)) - 1);
    const base = baseKey({ title, authors, year });
    let key = base;
    for (let s = 0; keys.has(key); s++) {
      key = `${base}${letterSuffix(s)}`;
    }
    keys.add(key);
    const paper: Paper = {
      key,
      title,
      abstract: makeAbstract(rand, vocab),
      authors,
      date,
      year,
      upvotes,
      tags: [],
      sources: [{ path: 'generated.bib', line: i + 1, format: 'bibtex', key }],
    };
    if (rand() < 0.3) {
      paper.organization = pick(rand, ORGS);
    }
    if (rand() < 0.4) {
      paper.venue = pick(rand, VENUES);
    }
    if (rand() < 0.5) {
      paper.doi = `10.5555/gen.${seed}.${i}`;
    }
    if (year >= 2008 && rand() < 0.6) {
      paper.arxivId = `${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}.${String(i % 100000).padStart(5, '0')}`;
    }
    papers.push(paper);
  }
  return papers;
}

