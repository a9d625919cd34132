import { RecentlyUsed } from './recently-used';

describe(RecentlyUsed.name, () => {
  it('drops the least recently used entry past its capacity, a read counting as a use', () => {
    const entries = new RecentlyUsed<string, number>(2);
    entries.set('a', 1);
    entries.set('b', 2);
    expect(entries.get('a')).toBe(1); // now b is the least recent
    entries.set('c', 3);

    expect(entries.get('b')).toBeUndefined();
    expect(entries.get('a')).toBe(1);
    expect(entries.get('c')).toBe(3);
  });

  it('replaces an entry set again without dropping another', () => {
    const entries = new RecentlyUsed<string, number>(2);
    entries.set('a', 1);
    entries.set('b', 2);
    entries.set('a', 10);

    expect(entries.get('a')).toBe(10);
    expect(entries.get('b')).toBe(2);
  });
});
