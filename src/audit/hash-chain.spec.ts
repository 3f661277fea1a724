import { createHash } from 'node:crypto';
import { canonicalJson } from '../playbooks/playbook.compiler.js';
import { CardActionEntity, chainedContent, chainedJson } from './card-action.entity.js';
import { genesisOf, GENESIS_HASH, rowHash, TRAIL_SHARDS, trailShard } from './hash-chain.js';

const row = (patch: Partial<CardActionEntity> = {}): CardActionEntity => ({
  seq: '1',
  id: '5a0f8c9e-6a52-4c1e-9a57-0c7d5c1b2f10',
  at: new Date('2025-03-01T10:00:00.123Z'),
  actor: 'fraud-engine',
  origin: '10.0.0.7',
  channel: 'api',
  action: 'block',
  result: 'requested',
  cardRef: 'card_cust-1_1',
  last4: '0042',
  customerRef: 'cust-1',
  incidentId: 'f3b9a7f2-8d1e-4b8a-9c3d-2e1f0a9b8c7d',
  effectId: '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d',
  reason: 'compromised',
  failureReason: null,
  coreRef: null,
  keyId: null,
  shard: 0,
  reasonCode: null,
  evidence: null,
  prevHash: GENESIS_HASH,
  hash: '',
  ...patch,
});

describe('card-action hash chain', () => {
  it('hashes a row exactly as sha256(previous hash + canonical JSON of its content), so existing chains still verify', () => {
    for (const r of [
      row(),
      row({ result: 'failed', failureReason: 'core banking said "no" \\ twice\n— 拒否', coreRef: 'CB-000001' }),
      row({ reason: null, actor: 'op-Ölga', origin: 'lifeline-worker' }),
    ]) {
      expect(chainedJson(r)).toBe(canonicalJson(chainedContent(r)));
      const expected = createHash('sha256').update(GENESIS_HASH).update(canonicalJson(chainedContent(r))).digest('hex');
      expect(rowHash(GENESIS_HASH, r)).toBe(expected);
    }
  });

  it('changes when any recorded field changes', () => {
    const base = rowHash(GENESIS_HASH, row());
    expect(rowHash(GENESIS_HASH, row({ last4: '0043' }))).not.toBe(base);
    expect(rowHash(GENESIS_HASH, row({ at: new Date('2025-03-01T10:00:00.124Z') }))).not.toBe(base);
    expect(rowHash('1'.repeat(64), row())).not.toBe(base);
  });

  it('covers the reason code and the evidence, whatever order a jsonb column gives its keys back in', () => {
    const withEvidence = row({ reasonCode: 'STOLEN', evidence: { trigger: { playbook: 'stolen-wallet', openedBy: 'op-1' }, identityCheck: null } });
    const reordered = row({ reasonCode: 'STOLEN', evidence: { identityCheck: null, trigger: { openedBy: 'op-1', playbook: 'stolen-wallet' } } });
    expect(rowHash(GENESIS_HASH, withEvidence)).toBe(rowHash(GENESIS_HASH, reordered));
    expect(rowHash(GENESIS_HASH, withEvidence)).not.toBe(rowHash(GENESIS_HASH, row()));
    expect(rowHash(GENESIS_HASH, row({ reasonCode: 'LOST', evidence: withEvidence.evidence }))).not.toBe(rowHash(GENESIS_HASH, withEvidence));
  });
});

describe('the trail\'s chains', () => {
  it('puts a card on the same chain every time, and spreads cards over all of them', () => {
    // Pinned: a card moving chain between versions would break its story in two.
    expect(['card_cust-1_1', 'card_cust-1_2', 'card_chain_0'].map(trailShard)).toEqual([15, 13, 2]);
    const counts = new Array(TRAIL_SHARDS).fill(0);
    for (let i = 0; i < 16_000; i++) counts[trailShard(`card_${i}`)] += 1;
    expect(Math.min(...counts)).toBeGreaterThan(800);
    expect(Math.max(...counts)).toBeLessThan(1200);
  });

  it('starts chain 0 where the one chain started, and every other chain from a genesis of its own', () => {
    expect(genesisOf(0)).toBe(GENESIS_HASH);
    const geneses = Array.from({ length: TRAIL_SHARDS }, (_, shard) => genesisOf(shard));
    expect(new Set(geneses).size).toBe(TRAIL_SHARDS);
    expect(geneses.every((g) => /^[0-9a-f]{64}$/.test(g))).toBe(true);
  });
});
