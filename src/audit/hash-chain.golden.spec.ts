import { GENESIS_HASH, rowHash } from './hash-chain.js';

type Content = Parameters<typeof rowHash>[1];

/** A fixed block request and its outcome: the hashes an auditor's own tool must reproduce, written out by hand. */
const REQUESTED: Content = {
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
};
const SUCCEEDED: Content = { ...REQUESTED, id: '6b1f9d0f-7b63-4d2f-8b68-1d8e6d2c3f21', result: 'succeeded', coreRef: 'CB-1' };

describe('card-action hash chain: golden vector', () => {
  it('chains a request and its outcome to the hashes written here', () => {
    const first = rowHash(GENESIS_HASH, REQUESTED);
    expect(first).toBe('a7fa012e64054f3625b8ccf805afaa2ba73664648db923a88a61bf4f6f5e2cbe');
    expect(rowHash(first, SUCCEEDED)).toBe('35b342ccc7359d3d38381d9c575c6dbb7aa06fbbc3685e3392201d8328d18e77');
  });
});
