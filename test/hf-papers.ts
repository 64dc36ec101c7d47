/** Hugging Face papers JSON written by tests: two papers whose generated keys collide. */

/** A Hugging Face papers JSON file (the `/api/daily_papers` shape) with the given papers. */
export function hfJson(papers: ReadonlyArray<{ id: string; title: string; author: string }>): string {
  return JSON.stringify(
    papers.map((p) => ({
      paper: { id: p.id, title: p.title, summary: 'An abstract.', authors: [{ name: p.author }], publishedAt: '2024-10-22T00:00:00.000Z', upvotes: 3 },
      title: p.title,
      publishedAt: '2024-10-22T00:00:00.000Z',
    })),
    null,
    2,
  );
}

/** Its generated key is `cheng2024breaking`, until NEWCOMER (first in identity order) arrives. */
export const EXISTING = { id: '2410.00002', title: 'Breaking the barrier of scale', author: 'Wei Cheng' };
export const NEWCOMER = { id: '2410.00001', title: 'Breaking things apart', author: 'Li Cheng' };
