import { describe, expect, it } from 'vitest';
import { didYouMean, someOf, withExamples } from './suggest.js';

describe('suggestions in refusals', () => {
  it('names one, a few, or the first few of what would fit', () => {
    expect(someOf([])).toBeUndefined();
    expect(someOf(['@db1'])).toBe('@db1');
    expect(someOf(['@db1', '@pg1'])).toBe('@db1 or @pg1');
    expect(someOf(['@a', '@b', '@c', '@d', '@e'])).toBe('@a, @b, @c, @d...');
    expect(didYouMean('is not a server', 'a db server', ['@localhost'], 'none')).toBe('is not a server: did you mean a db server, e.g. @localhost?');
    expect(didYouMean('is not a server', 'a db server', [], 'add one')).toBe('is not a server (add one)');
    expect(withExamples('choose another', ['@x'])).toBe('choose another, e.g. @x');
    expect(withExamples('choose another', [])).toBe('choose another');
  });
});
