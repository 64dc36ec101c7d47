import * as assert from 'node:assert/strict';
import { arxivQueryId, idForFileName, parsePaperRef, parsePaperRefs } from './ids';

suite('live: arXiv id and URL parser', () => {
  const cases: Array<[string, string, number | undefined]> = [
    ['2410.17243', '2410.17243', undefined],
    ['2410.17243v2', '2410.17243', 2],
    ['arXiv:2410.17243', '2410.17243', undefined],
    ['arxiv:2410.17243v3', '2410.17243', 3],
    ['ARXIV: 2410.17243', '2410.17243', undefined],
    ['0704.0001', '0704.0001', undefined],
    ['1501.00001v1', '1501.00001', 1],
    ['hep-th/9901001', 'hep-th/9901001', undefined],
    ['hep-th/9901001v2', 'hep-th/9901001', 2],
    ['math.GT/0309136', 'math.GT/0309136', undefined],
    ['cond-mat/0011220', 'cond-mat/0011220', undefined],
    ['arXiv:hep-th/9901001', 'hep-th/9901001', undefined],
    ['https://huggingface.co/papers/2410.17243', '2410.17243', undefined],
    ['https://huggingface.co/papers/2410.17243/', '2410.17243', undefined],
    ['https://huggingface.co/papers/2410.17243?utm=x#discussion', '2410.17243', undefined],
    ['http://huggingface.co/papers/2410.17243', '2410.17243', undefined],
    ['huggingface.co/papers/2410.17243', '2410.17243', undefined],
    ['https://hf.co/papers/2410.17243', '2410.17243', undefined],
    ['https://arxiv.org/abs/2410.17243', '2410.17243', undefined],
    ['https://arxiv.org/abs/2410.17243v2', '2410.17243', 2],
    ['http://arxiv.org/abs/2410.17243v2/', '2410.17243', 2],
    ['https://www.arxiv.org/abs/2410.17243?context=cs', '2410.17243', undefined],
    ['https://arxiv.org/pdf/2410.17243', '2410.17243', undefined],
    ['https://arxiv.org/pdf/2410.17243.pdf', '2410.17243', undefined],
    ['https://arxiv.org/pdf/2410.17243v2', '2410.17243', 2],
    ['https://arxiv.org/pdf/2410.17243v2.pdf', '2410.17243', 2],
    ['https://export.arxiv.org/abs/2410.17243', '2410.17243', undefined],
    ['arxiv.org/abs/2410.17243', '2410.17243', undefined],
    ['https://arxiv.org/abs/hep-th/9901001', 'hep-th/9901001', undefined],
    ['https://arxiv.org/pdf/hep-th/9901001v1', 'hep-th/9901001', 1],
    ['https://arxiv.org/abs/math.GT/0309136', 'math.GT/0309136', undefined],
    ['  2410.17243  ', '2410.17243', undefined],
    ['<https://arxiv.org/abs/2410.17243>', '2410.17243', undefined],
  ];
  for (const [input, id, version] of cases) {
    test(`"${input}" → ${id}${version ? ` v${version}` : ''}`, () => {
      const ref = parsePaperRef(input);
      assert.ok(ref, input);
      assert.equal(ref.id, id);
      assert.equal(ref.version, version);
      assert.equal(ref.oldStyle, id.includes('/'));
    });
  }

  test('rejects what is not an arXiv id', () => {
    for (const bad of [
      '', '   ', '2410.172', '2410.1724356', '2413.17243', '2400.17243', '2410.17243v0', '2410.17243v', 'v2', 'arXiv:', '10.1000/xyz123',
      'https://example.com/abs/2410.17243', 'https://evil.arxiv.org.example.com/abs/2410.17243', 'https://arxiv.org/list/cs.LG/recent',
      'https://huggingface.co/models/2410.17243', 'ftp://arxiv.org/abs/2410.17243', 'javascript:2410.17243', '../../etc/passwd',
      'hep-th/990100', 'HEP-TH/9901001x', '2410.17243/../../x', 'https://arxiv.org/abs/2410.17243/../../x', 'file:///2410.17243',
    ]) {
      assert.equal(parsePaperRef(bad), undefined, `"${bad}" is not an id`);
    }
  });

  test('lists: lines, commas, semicolons, spaces; duplicates once; bad pieces reported as given', () => {
    const r = parsePaperRefs('2410.17243, https://arxiv.org/abs/2305.14314v1\nhttps://huggingface.co/papers/2410.17243\n\n hep-th/9901001; nonsense arXiv: 2106.09685');
    assert.deepEqual(r.refs.map((x) => x.id), ['2410.17243', '2305.14314', 'hep-th/9901001', '2106.09685']);
    assert.deepEqual(r.invalid, ['nonsense']);
    assert.deepEqual(parsePaperRefs(['2410.17243', '2410.17243v2']).refs.map((x) => x.id), ['2410.17243']);
    assert.deepEqual(parsePaperRefs('').refs, []);
  });

  test('query ids keep the asked version; file-name ids have no slash', () => {
    assert.equal(arxivQueryId(parsePaperRef('2410.17243v2')!), '2410.17243v2');
    assert.equal(arxivQueryId(parsePaperRef('arXiv:2410.17243')!), '2410.17243');
    assert.equal(idForFileName('hep-th/9901001'), 'hep-th_9901001');
  });
});
