/**
 * Returns the best `count` of `size` items (indices `0…size-1`), best first, where
 * `better(a, b)` is a strict total order. Keeps a bounded heap — O(n log k) with most items
 * rejected after one comparison against the heap's worst — when `count` is small against `size`,
 * and sorts everything when a heap would not pay off.
 *
 * @internal
 */
export function selectTop(size: number, count: number, better: (left: number, right: number) => boolean): Int32Array {
  const take = Math.min(count, size);
  if (take <= 0) return new Int32Array(0);
  const compare = (left: number, right: number): number => (better(left, right) ? -1 : better(right, left) ? 1 : 0);
  if (take * 2 >= size) {
    const all = new Int32Array(size);
    for (let index = 0; index < size; index++) all[index] = index;
    return all.sort(compare).subarray(0, take);
  }
  // A heap whose root is the worst item kept so far.
  const heap = new Int32Array(take);
  for (let index = 0; index < take; index++) {
    let child = index;
    heap[child] = index;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!better(heap[parent]!, heap[child]!)) break;
      const swap = heap[parent]!;
      heap[parent] = heap[child]!;
      heap[child] = swap;
      child = parent;
    }
  }
  for (let index = take; index < size; index++) {
    if (!better(index, heap[0]!)) continue;
    heap[0] = index;
    let parent = 0;
    for (;;) {
      const left = parent * 2 + 1;
      if (left >= take) break;
      const right = left + 1;
      const worse = right < take && better(heap[left]!, heap[right]!) ? right : left;
      if (!better(heap[parent]!, heap[worse]!)) break;
      const swap = heap[parent]!;
      heap[parent] = heap[worse]!;
      heap[worse] = swap;
      parent = worse;
    }
  }
  return heap.sort(compare);
}
