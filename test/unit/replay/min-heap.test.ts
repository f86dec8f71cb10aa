import { describe, expect, it } from 'vitest';
import { MinHeap } from '../../../shared/replay/min-heap.js';
import { mulberry32 } from '../consensus/history-generator.js';

describe('MinHeap', () => {
  it.each([0, 1, 2, 7, 100, 1000])('gives back %i numbers in order, with repeats', (count) => {
    const random = mulberry32(count);
    const numbers = Array.from({ length: count }, () => Math.floor(random() * 50));
    const heap = new MinHeap<number>((a, b) => a - b);
    for (const n of numbers) heap.push(n);
    expect(heap.size).toBe(count);
    const out: number[] = [];
    for (let n = heap.pop(); n !== undefined; n = heap.pop()) out.push(n);
    expect(out).toEqual([...numbers].sort((a, b) => a - b));
    expect(heap.peek()).toBeUndefined();
  });

  it('interleaves pushes and pops', () => {
    const heap = new MinHeap<number>((a, b) => a - b);
    heap.push(5);
    heap.push(3);
    expect(heap.pop()).toBe(3);
    heap.push(4);
    heap.push(1);
    expect([heap.pop(), heap.pop(), heap.pop(), heap.pop()]).toEqual([1, 4, 5, undefined]);
  });
});
