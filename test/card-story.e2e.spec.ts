import { AuditChain } from '../src/audit/audit-chain.js';
import type { CardActionView } from '../src/audit/card-action.view.js';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { bearer, eventually, startTestApp, type TestApp, uniqueCustomer } from './support/test-app.js';

const operator = bearer(['operator'], 'op-story');
const risk = bearer(['risk'], 'risk-story');

/** The whole story of each card and credential on the trail, with the evidence each action rests on. */
describe('the card-action story', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ EFFECT_MAX_ATTEMPTS: '2', EFFECT_BACKOFF_MS: '20' });
  });
  afterAll(async () => {
    await t.close();
  });

  const setFaults = (faults: Record<string, number>) => fetch(`${t.simulator.url}/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
  const open = async (playbook: string, customerRef: string) =>
    (await t.http().post('/v1/incidents').set('Authorization', operator).send({ playbook, customerRef, channel: 'phone', locale: 'en' }).expect(201)).body as IncidentView;
  const send = (id: string, type: string, data: Record<string, unknown> = {}) => t.http().post(`/v1/incidents/${id}/events`).set('Authorization', operator).send({ type, data }).expect(200);
  const get = async (id: string) => (await t.http().get(`/v1/incidents/${id}`).set('Authorization', operator).expect(200)).body as IncidentView;
  const trail = async (incidentId: string) => (await t.http().get(`/v1/audit/card-actions?incidentId=${incidentId}`).set('Authorization', risk).expect(200)).body.items as CardActionView[];

  it('records the identity check, a failed block, and the block done by phone with card processing, with reference and who was called', async () => {
    const view = await open('stolen-wallet', uniqueCustomer('story'));
    await send(view.id, 'CUSTOMER_READY');
    await setFaults({ errorRate: 1 });
    try {
      await send(view.id, 'IDENTITY_VERIFIED');
      await eventually(async () => (await get(view.id)).cards.every((c) => c.status === 'block_failed'), 'the blocks to be given up');
    } finally {
      await setFaults({});
    }
    await send(view.id, 'BLOCKED_BY_CARD_PROCESSING', { reference: 'PRC-7781', contact: 'Irina, card processing night desk' });
    const blocked = await get(view.id);
    expect(blocked.cards.every((c) => c.status === 'blocked')).toBe(true);

    const rows = await trail(view.id);
    const identity = rows.filter((r) => r.action === 'identity-check');
    expect(identity).toEqual([
      expect.objectContaining({ result: 'succeeded', actor: 'op-story', cardRef: null, evidence: { identityCheck: { event: 'IDENTITY_VERIFIED', method: 'security-questions', result: 'passed', operator: 'op-story' } } }),
    ]);
    for (const card of view.cards) {
      const story = rows.filter((r) => r.cardRef === card.cardRef).map((r) => [r.action, r.result, r.coreRef, r.reasonCode]);
      // The trail no longer ends with `failed` while the incident says `blocked`.
      expect(story).toEqual([['block', 'requested', null, 'STOLEN'], ['block', 'failed', null, 'STOLEN'], ['block', 'succeeded', 'PRC-7781', 'STOLEN']]);
      const byPhone = rows.find((r) => r.cardRef === card.cardRef && r.result === 'succeeded')!;
      expect(byPhone).toMatchObject({
        actor: 'op-story',
        last4: card.last4,
        effectId: null,
        evidence: {
          outOfBand: { channel: 'card-processing-by-phone', processingReference: 'PRC-7781', spokeTo: 'Irina, card processing night desk', reportedBy: 'op-story' },
          identityCheck: { event: 'IDENTITY_VERIFIED', method: 'security-questions', result: 'passed', operator: 'op-story' },
          trigger: { openedBy: 'op-story', channel: 'phone', playbook: 'stolen-wallet' },
        },
      });
      // Each request names the identity check it rests on.
      expect(rows.find((r) => r.cardRef === card.cardRef && r.result === 'requested')!.evidence).toMatchObject({ identityCheck: { result: 'passed' } });
    }
    expect((await t.http().get('/v1/audit/verify').set('Authorization', risk).expect(200)).body).toMatchObject({ ok: true });

    // Risk gets it all as one document, JSON or printable, with the proof for these rows.
    const file = (await t.http().get(`/v1/audit/incidents/${view.id}/case-file`).set('Authorization', risk).expect(200)).body;
    expect(file.incident).toMatchObject({ id: view.id, customerRef: view.customerRef, openedBy: 'op-story' });
    expect(file.cardActions.map((r: CardActionView) => r.id)).toEqual(rows.map((r) => r.id));
    expect(file.timeline.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['INCIDENT_OPENED', 'IDENTITY_VERIFIED', 'BLOCKED_BY_CARD_PROCESSING']));
    expect(file.proof.rows).toHaveLength(rows.length);
    expect(file.proof.rows.every((r: { linkHolds: boolean }) => r.linkHolds)).toBe(true);
    await t.app.get(AuditChain).checkpoint();
    const signed = (await t.http().get(`/v1/audit/incidents/${view.id}/case-file`).set('Authorization', risk).expect(200)).body;
    expect(signed.proof.coveredByCheckpoint).toBe(true);
    // One checkpoint per chain the incident's rows are on, each covering its rows.
    const chains = [...new Set(signed.proof.rows.map((r: { shard: number }) => r.shard))].sort((a, b) => Number(a) - Number(b));
    expect(signed.proof.checkpoints.map((c: { shard: number }) => c.shard)).toEqual(chains);
    expect(signed.proof.checkpoints.every((c: { chain: string; signature: string }) => c.chain === 'card_actions' && c.signature.length > 0)).toBe(true);
    const html = await t.http().get(`/v1/audit/incidents/${view.id}/case-file`).set('Authorization', risk).set('Accept', 'text/html').expect(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toContain('PRC-7781');
    expect(html.text).toContain('Irina, card processing night desk');
    expect(html.text).toContain('Chain proof');
    const printable = await t.http().get(`/v1/audit/incidents/${view.id}/case-file?format=html`).set('Authorization', risk).expect(200);
    expect(printable.headers['content-type']).toMatch(/^text\/html/);
    expect(printable.text).toContain('PRC-7781');
    await t.http().get(`/v1/audit/incidents/${view.id}/case-file`).set('Authorization', operator).expect(403);
  });

  it('records every wallet-token revocation, the app-session revocation, and a failed strong verification', async () => {
    const view = await open('stolen-phone', uniqueCustomer('story-phone'));
    await send(view.id, 'CUSTOMER_READY');
    await send(view.id, 'IDENTITY_VERIFIED');
    const done = await eventually(async () => {
      const v = await get(view.id);
      return v.appSessions === 'revoked' && v.cards.every((c) => c.walletTokens === 'revoked') && v;
    }, 'the revocations');
    const rows = await eventually(async () => {
      const r = await trail(view.id);
      return r.filter((row) => row.result === 'succeeded' && row.action.startsWith('revoke')).length === done.cards.length + 1 && r;
    }, 'the revocation outcomes on the trail');
    for (const card of done.cards) {
      const revocations = rows.filter((r) => r.action === 'revoke-wallet-tokens' && r.cardRef === card.cardRef);
      expect(revocations.map((r) => r.result)).toEqual(['requested', 'succeeded']);
      expect(revocations[1]).toMatchObject({ last4: card.last4, coreRef: expect.any(String), evidence: expect.objectContaining({ revoked: expect.any(Number), identityCheck: expect.objectContaining({ result: 'passed' }) }) });
    }
    const sessions = rows.filter((r) => r.action === 'revoke-app-sessions');
    expect(sessions.map((r) => [r.result, r.cardRef, r.customerRef])).toEqual([['requested', null, done.customerRef], ['succeeded', null, done.customerRef]]);
    expect(sessions[1].evidence).toMatchObject({ revoked: 2 });
  });

  it('gives a reissue the reason its card was blocked for, never the playbook id', async () => {
    const view = await open('stolen-wallet', uniqueCustomer('story-reissue'));
    await send(view.id, 'CUSTOMER_READY');
    await send(view.id, 'IDENTITY_VERIFIED');
    await eventually(async () => (await get(view.id)).cards.every((c) => c.status === 'blocked'), 'the blocks');
    await send(view.id, 'BLOCKS_CONFIRMED');
    await send(view.id, 'TRANSACTIONS_REVIEWED');
    await send(view.id, 'EMERGENCY_ASSESSED', { travelling: false });
    await send(view.id, 'REISSUE_REQUESTED', { delivery: 'branch', branchId: 'MSK-01' });
    const rows = await eventually(async () => {
      const r = await trail(view.id);
      return r.some((row) => row.action === 'reissue') && r;
    }, 'the reissue on the trail');
    const reissues = rows.filter((r) => r.action === 'reissue');
    expect(reissues.length).toBeGreaterThan(0);
    for (const row of reissues) expect([row.reason, row.reasonCode]).toEqual(['stolen', 'STOLEN']);
  });
});
