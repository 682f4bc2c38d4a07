import { describe, expect, it } from 'vitest';
import { entityListOf } from './entity-lists.js';

describe('kinds of entity as typed', () => {
  it('takes plural and singular, any case, and nothing else', () => {
    expect(entityListOf('servers')).toBe('servers');
    expect(entityListOf('server')).toBe('servers');
    expect(entityListOf('Site')).toBe('sites');
    expect(entityListOf('client')).toBe('clients');
    expect(entityListOf('robots')).toBeUndefined();
    expect(entityListOf('s')).toBeUndefined();
  });
});
