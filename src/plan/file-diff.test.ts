import { describe, expect, it } from 'vitest';
import { fileChange, unifiedDiff } from './file-diff.js';

describe('unifiedDiff', () => {
  it('shows a change with three lines of context and a clean header', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', ''].join('\n');
    const after = before.replace('\ne\n', '\nE\n');
    expect(unifiedDiff('/etc/x.conf', before, after)).toEqual([
      '--- a/etc/x.conf', '+++ b/etc/x.conf', '@@ -2,7 +2,7 @@', ' b', ' c', ' d', '-e', '+E', ' f', ' g', ' h',
    ]);
  });

  it('shows a new file as all added, and marks a missing final newline', () => {
    expect(unifiedDiff('/srv/n', undefined, 'one\ntwo')).toEqual([
      '--- /dev/null', '+++ b/srv/n', '@@ -0,0 +1,2 @@', '+one', '+two', '\\ No newline at end of file',
    ]);
  });

  it('is empty for equal content', () => {
    expect(unifiedDiff('/srv/n', 'same\n', 'same\n')).toEqual([]);
  });
});

describe('fileChange', () => {
  it('tells new, changed and unchanged apart', () => {
    expect([fileChange(undefined, ''), fileChange('a', 'b'), fileChange('a', 'a')]).toEqual(['new', 'changed', 'unchanged']);
  });
});
