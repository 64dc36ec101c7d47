import * as assert from 'node:assert/strict';
import type { Paper } from '../model';
import { formatReference, initials, referenceLink, splitName } from './reference';

const paper = (fields: Partial<Paper>): Paper => ({ key: 'k', title: 'A Title', authors: [], tags: [], sources: [], ...fields });

suite('core/cite/reference', () => {
  test('the brief example: six authors then et al., venue, arXiv id and link', () => {
    const p = paper({
      title: 'Attention Is All You Need',
      authors: ['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar', 'Jakob Uszkoreit', 'Llion Jones', 'Aidan N. Gomez', 'Łukasz Kaiser', 'Illia Polosukhin'],
      year: 2017,
      venue: 'Advances in Neural Information Processing Systems',
      arxivId: '1706.03762',
    });
    assert.equal(
      formatReference(p),
      'Vaswani, A., Shazeer, N., Parmar, N., Uszkoreit, J., Jones, L., Gomez, A. N., et al. (2017). Attention Is All You Need. Advances in Neural Information Processing Systems. arXiv:1706.03762. https://arxiv.org/abs/1706.03762',
    );
  });

  test('container with volume, issue and pages; publisher; edition; untitled papers', () => {
    const article = paper({ title: 'Deep Learning', authors: ['Yann LeCun'], year: 2015, container: 'Nature', venue: 'Nature', volume: '521', issue: '7553', pages: '436–444', doi: '10.1038/nature14539' });
    assert.equal(formatReference(article), 'LeCun, Y. (2015). Deep Learning. Nature, 521(7553), 436–444. https://doi.org/10.1038/nature14539');
    assert.equal(formatReference(paper({ title: 'Pattern Recognition', authors: ['Christopher M. Bishop'], year: 2006, publisher: 'Springer', edition: '2' })), 'Bishop, C. M. (2006). Pattern Recognition (2nd ed.). Springer.');
    assert.equal(formatReference(paper({ title: 'T', year: 2000, container: 'J', issue: '4' })), 'T. (2000). J, (4).');
    // A paper whose source gave no title is not shown with its stand-in title (its key).
    assert.equal(formatReference(paper({ title: '9.8:1', untitled: true, authors: ['A. A. Author'], year: 2014 })), 'Author, A. A. (2014).');
    assert.equal(formatReference(paper({ title: '9.8:1', untitled: true, year: 2014, container: 'Handbook' })), '(2014). Handbook.');
  });

  test('one, two and six authors', () => {
    assert.equal(formatReference(paper({ authors: ['Kaiming He'], year: 2016 })), 'He, K. (2016). A Title.');
    assert.equal(formatReference(paper({ authors: ['Kaiming He', 'Jian Sun'], year: 2016 })), 'He, K., & Sun, J. (2016). A Title.');
    const six = ['A One', 'B Two', 'C Three', 'D Four', 'E Five', 'F Six'];
    assert.equal(formatReference(paper({ authors: six, year: 2020 })), 'One, A., Two, B., Three, C., Four, D., Five, E., & Six, F. (2020). A Title.');
  });

  test('organisation, author count, nobody; n.d. without a year; year from the date', () => {
    assert.equal(formatReference(paper({ organization: 'NVIDIA', authorCount: 3, date: '2025-09-29' })), 'NVIDIA. (2025). A Title.');
    assert.equal(formatReference(paper({ authorCount: 13, year: 2024 })), '13 authors. (2024). A Title.');
    assert.equal(formatReference(paper({ authorCount: 1 })), '1 author. (n.d.). A Title.');
    assert.equal(formatReference(paper({ title: 'Nobody Wrote This' })), 'Nobody Wrote This. (n.d.).');
  });

  test('links: DOI first, then arXiv, then the URL; none', () => {
    assert.equal(referenceLink(paper({ doi: '10.1109/cvpr.2016.90', arxivId: '1512.03385', url: 'https://x.org' })), 'https://doi.org/10.1109/cvpr.2016.90');
    assert.equal(referenceLink(paper({ arxivId: '1512.03385', url: 'https://x.org' })), 'https://arxiv.org/abs/1512.03385');
    assert.equal(referenceLink(paper({ url: 'https://x.org' })), 'https://x.org');
    assert.equal(referenceLink(paper({})), undefined);
    assert.equal(
      formatReference(paper({ authors: ['Kaiming He'], year: 2016, title: 'Deep Residual Learning', venue: 'CVPR', doi: '10.1109/cvpr.2016.90', arxivId: '1512.03385' })),
      'He, K. (2016). Deep Residual Learning. CVPR. arXiv:1512.03385. https://doi.org/10.1109/cvpr.2016.90',
    );
  });

  test('no doubled periods; the arXiv id is not repeated when the venue names it', () => {
    assert.equal(formatReference(paper({ title: 'Why?', authors: ['J. R. R. Tolkien'], venue: 'Proc. Conf.', year: 1954 })), 'Tolkien, J. R. R. (1954). Why? Proc. Conf.');
    assert.equal(formatReference(paper({ venue: 'arXiv preprint arXiv:2101.00001', arxivId: '2101.00001', year: 2021 })), 'A Title. (2021). arXiv preprint arXiv:2101.00001. https://arxiv.org/abs/2101.00001');
  });

  test('names: particles, suffixes, hyphenated and non-Latin given names, organisations', () => {
    const ref = (name: string): string => formatReference(paper({ authors: [name], year: 2000 })).replace(/ \(2000\)\. A Title\.$/, '');
    assert.equal(ref('Ludwig van Beethoven'), 'van Beethoven, L.');
    assert.equal(ref('Jean de la Fontaine'), 'de la Fontaine, J.');
    assert.equal(ref('Martin Luther King Jr.'), 'King, M. L., Jr.');
    assert.equal(ref('Chien-Chin Huang'), 'Huang, C.-C.');
    assert.equal(ref('Émile Zola'), 'Zola, É.');
    assert.equal(ref('danah boyd'), 'boyd, D.');
    assert.equal(ref('Plato'), 'Plato.');
    assert.equal(ref('World Health Organization'), 'World Health Organization.');
  });

  test('splitName and initials', () => {
    assert.deepEqual(splitName('Aidan N. Gomez'), { family: 'Gomez', given: 'Aidan N.' });
    assert.deepEqual(splitName('  Ludwig   van Beethoven '), { family: 'van Beethoven', given: 'Ludwig' });
    assert.deepEqual(splitName('Martin Luther King Jr.'), { family: 'King', given: 'Martin Luther', suffix: 'Jr.' });
    assert.deepEqual(splitName('Henry VIII'), { family: 'VIII', given: 'Henry' });
    assert.deepEqual(splitName('Plato'), { family: 'Plato' });
    assert.deepEqual(splitName('Qwen Team'), { literal: 'Qwen Team' });
    assert.deepEqual(splitName('Johnson & Johnson'), { literal: 'Johnson & Johnson' });
    assert.deepEqual(splitName('Smith, John'), { literal: 'Smith, John' });
    assert.deepEqual(splitName('GPT-4'), { literal: 'GPT-4' });
    assert.equal(initials('Chien-Chin'), 'C.-C.');
    assert.equal(initials('J.R.R.'), 'J. R. R.');
    assert.equal(initials('ashish'), 'A.');
    assert.equal(initials(''), '');
  });
});
