/** Binary search over ascending numbers. Pure. */

/** The first element of the ascending `list` greater than `value`, or -1 when there is none. */
export function firstGreater(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] ?? 0) <= value) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return list[lo] ?? -1;
}
