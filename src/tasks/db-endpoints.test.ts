import { describe, expect, it } from 'vitest';
import { dbHostFor, grantHostOf, grantHostsOf, sameHost } from './db-endpoints.js';
import { sampleDbServer, sampleWebServer } from '../../test/support/samples/sample-inventory.js';

describe('how web heads and db servers see each other', () => {
  const db = sampleDbServer('@db1', 'db1.example.net');
  const web1 = sampleWebServer('@web1', '10.0.0.11');
  const web2 = sampleWebServer('@web2', 'web2.example.net');
  const addresses = { '@db1': ['10.0.0.20'], '@web1': ['10.0.0.11'], '@web2': ['10.0.0.12'] };

  it('an IP host is granted as it is; a DNS host by its resolved address', () => {
    expect(grantHostOf(web1, db, addresses)).toBe('10.0.0.11');
    expect(grantHostOf(web2, db, addresses)).toBe('10.0.0.12');
    expect(grantHostOf(web2, db, {})).toBe('web2.example.net');
    expect(dbHostFor(web1, db, addresses)).toBe('db1.example.net');
  });

  it('the same machine (same host, or a shared address) is localhost on both sides', () => {
    const onDb = sampleWebServer('@web3', 'web3.example.net');
    const shared = { ...addresses, '@web3': ['10.0.0.20'] };
    expect(sameHost(onDb, db, shared)).toBe(true);
    expect(grantHostOf(onDb, db, shared)).toBe('localhost');
    expect(dbHostFor(onDb, db, shared)).toBe('localhost');
    expect(grantHostsOf([web1, onDb, web1], db, shared)).toEqual(['10.0.0.11', 'localhost']);
  });
});
