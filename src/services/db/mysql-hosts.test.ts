import { describe, expect, it } from 'vitest';
import { mysqlHostCovers } from './mysql-hosts.js';

describe('mysqlHostCovers', () => {
  it.each([
    ['10.0.0.11', '10.0.0.11', true],
    ['%', '10.0.0.11', true],
    ['%', 'localhost', true],
    ['10.0.0.%', '10.0.0.11', true],
    ['10.0.0.%', '10.0.1.11', false],
    ['10.0.0.1_', '10.0.0.11', true],
    ['10.0.0.1_', '10.0.0.1', false],
    ['10.0.0.0/255.255.255.0', '10.0.0.11', true],
    ['10.0.0.0/255.255.255.0', '10.0.1.11', false],
    ['10.0.0.1/255.255.255.0', '10.0.0.11', false],
    ['10.0.0.0/24', '10.0.0.200', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['%.example.com', '10.0.0.11', false],
    ['localhost', '10.0.0.11', false],
    ['10.0.0.11', 'localhost', false],
    ['10.0.0.0/255.255.255.0', 'localhost', false],
  ])('%s admits %s: %s', (pattern, host, covers) => {
    expect(mysqlHostCovers(pattern, host)).toBe(covers);
  });

  it('reads . as a dot, not as any character', () => {
    expect(mysqlHostCovers('10.0.0.1', '10a0b0c1')).toBe(false);
  });
});
