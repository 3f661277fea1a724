import { DataSource } from 'typeorm';
import type { CardActionPage, CardActionView } from '../src/audit/card-action.view.js';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { executedBlocks } from './support/ledger.js';
import { bearer, eventually, startTestApp, TestApp, uniqueCustomer } from './support/test-app.js';

const run = Date.now().toString(36);
const operator = bearer(['operator'], `op-olga-${run}`);
const risk = bearer(['risk'], `risk-rita-${run}`);
const supervisor = bearer(['supervisor'], `sup-sam-${run}`);
const WORKER = { actor: 'system:lifeline-worker', origin: 'lifeline-worker' };

/**
 * Risk teams ask of any card: who blocked it, when, why, on which incident, through which channel, and
 * what core banking answered; and they must be sure nobody edited that record afterwards.
 */
describe('card-action audit trail', () => {
  let t: TestApp;
  let db: DataSource;
  /** A stolen wallet walked from identity to reissue: three cards blocked, then reissued. */
  let wallet: IncidentView;
  /** A lost card core banking does not know: its block fails. */
  let lost: IncidentView;

  const incident = async (id: string) => (await t.http().get(`/v1/incidents/${id}`).set('Authorization', operator).expect(200)).body as IncidentView;
  const send = async (view: IncidentView, type: string, data: Record<string, unknown> = {}) =>
    (await t.http().post(`/v1/incidents/${view.id}/events`).set('Authorization', operator).send({ type, data }).expect(200)).body as IncidentView;
  const trail = (query: Record<string, string | number>, token = risk) => t.http().get('/v1/audit/card-actions').query(query).set('Authorization', token);
  const page = async (query: Record<string, string | number>) => (await trail(query).expect(200)).body as CardActionPage;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);

    wallet = (await t.http().post('/v1/incidents').set('Authorization', operator)
      .send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('audit'), channel: 'phone' }).expect(201)).body;
    wallet = await send(wallet, 'CUSTOMER_READY');
    wallet = await send(wallet, 'IDENTITY_VERIFIED');
    await eventually(async () => (await incident(wallet.id)).cards.every((c) => c.status === 'blocked'), 'every card to be blocked');
    for (const type of ['BLOCKS_CONFIRMED', 'TRANSACTIONS_REVIEWED']) wallet = await send(wallet, type);
    wallet = await send(wallet, 'EMERGENCY_ASSESSED', { travelling: false });
    wallet = await send(wallet, 'REISSUE_REQUESTED', { delivery: 'branch', branchId: 'SPB-07' });
    wallet = await eventually(async () => {
      const v = await incident(wallet.id);
      return v.timeline.filter((e) => e.type === 'REISSUE_ORDERED').length === 3 && v;
    }, 'every reissue ordered');

    lost = (await t.http().post('/v1/incidents').set('Authorization', operator)
      .send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('audit-lost'), channel: 'chat', cards: [{ cardRef: `lost_card_${run}`, last4: '4242' }] })
      .expect(201)).body;
    lost = await send(lost, 'CUSTOMER_READY');
    lost = await send(lost, 'IDENTITY_VERIFIED');
    lost = await eventually(async () => {
      const v = await incident(lost.id);
      return v.cards[0].status === 'block_failed' && v;
    }, 'the block of an unknown card to fail');
  });
  afterAll(async () => {
    await t.close();
  });

  it('records who asked for each block and reissue, from where and why, and what core banking answered', async () => {
    const { items } = await page({ incidentId: wallet.id, limit: 500 });
    expect(items).toHaveLength(13); // the identity check, then 3 cards × (block, reissue) × (requested, succeeded)
    expect(items[0]).toMatchObject({ action: 'identity-check', result: 'succeeded', cardRef: null, actor: `op-olga-${run}` });

    for (const card of wallet.cards) {
      const rows = items.filter((r) => r.cardRef === card.cardRef);
      const common = { cardRef: card.cardRef, last4: card.last4, customerRef: wallet.customerRef, incidentId: wallet.id, channel: 'phone' };
      const asked = { ...common, actor: `op-olga-${run}`, result: 'requested', coreRef: null, failureReason: null };
      const done = { ...common, ...WORKER, result: 'succeeded', failureReason: null };
      expect(rows.map((r) => `${r.action}:${r.result}`)).toEqual(['block:requested', 'block:succeeded', 'reissue:requested', 'reissue:succeeded']);
      const [blockAsked, blocked, reissueAsked, reissued] = rows;
      expect(blockAsked).toMatchObject({ ...asked, action: 'block', reason: 'stolen' });
      expect(blockAsked.origin).toMatch(/127\.0\.0\.1|::1/);
      // The reference is the one core banking answered to that very block (idempotency key = effect id).
      const [executed] = await executedBlocks(t.simulator.url, card.cardRef);
      expect(executed.idempotencyKey).toBe(blockAsked.effectId);
      expect(blocked).toMatchObject({ ...done, action: 'block', reason: 'stolen', coreRef: (executed.answer as { coreRef: string }).coreRef, effectId: blockAsked.effectId });
      expect(blocked.coreRef).toMatch(/^CB-\d+$/);
      // A reissue carries the reason its card was blocked for, as a standard code, never the playbook's id.
      expect(reissueAsked).toMatchObject({ ...asked, action: 'reissue', reason: 'stolen', reasonCode: 'STOLEN' });
      expect(reissued).toMatchObject({ ...done, action: 'reissue', effectId: reissueAsked.effectId });
      expect(reissued.coreRef).toMatch(/^CB-\d+$/);
      expect(Date.parse(blockAsked.at)).toBeLessThanOrEqual(Date.parse(blocked.at));
    }
    // The card is named by its ref and last 4 digits only: nothing that reads as a card number.
    const withoutHashes = items.map(({ hash: _h, prevHash: _p, ...row }) => row);
    expect(JSON.stringify(withoutHashes)).not.toMatch(/\d{13,19}/);
  });

  it('records a block core banking refused as failed, with the reason', async () => {
    const { items } = await page({ incidentId: lost.id });
    expect(items.map((r) => `${r.action}:${r.result}`)).toEqual(['identity-check:succeeded', 'block:requested', 'block:failed']);
    const [, asked, failed] = items;
    expect(asked).toMatchObject({ cardRef: `lost_card_${run}`, last4: '4242', channel: 'chat', actor: `op-olga-${run}`, reason: 'stolen' });
    expect(failed).toMatchObject({ ...WORKER, cardRef: `lost_card_${run}`, last4: '4242', coreRef: null, effectId: asked.effectId });
    expect(failed.failureReason).toContain('not found');
  });

  it('filters by card, customer, incident, actor, action, result and time range', async () => {
    const all = (await page({ incidentId: wallet.id, limit: 500 })).items;
    const ids = (rows: CardActionView[]) => rows.map((r) => r.id);
    const [card] = wallet.cards;

    expect(ids((await page({ cardRef: card.cardRef })).items)).toEqual(ids(all.filter((r) => r.cardRef === card.cardRef)));
    expect(ids((await page({ customerRef: wallet.customerRef, limit: 500 })).items)).toEqual(ids(all));
    expect(ids((await page({ incidentId: wallet.id, action: 'reissue' })).items)).toEqual(ids(all.filter((r) => r.action === 'reissue')));
    expect(ids((await page({ incidentId: wallet.id, result: 'succeeded' })).items)).toEqual(ids(all.filter((r) => r.result === 'succeeded')));
    expect(ids((await page({ incidentId: wallet.id, actor: `op-olga-${run}` })).items)).toEqual(ids(all.filter((r) => r.actor === `op-olga-${run}`)));
    expect(all.filter((r) => r.actor === `op-olga-${run}`).map((r) => r.result)).toEqual(['succeeded', ...Array(6).fill('requested')]);
    expect((await page({ incidentId: wallet.id, action: 'unblock' })).items).toEqual([]);
    const failed = (await page({ result: 'failed', customerRef: lost.customerRef })).items;
    expect(failed.map((r) => r.incidentId)).toEqual([lost.id]);

    // Time range: from is inclusive, to exclusive; together they split the incident's rows exactly.
    const split = all[6].at;
    const before = (await page({ incidentId: wallet.id, to: split })).items;
    const after = (await page({ incidentId: wallet.id, from: split })).items;
    expect(ids(before)).toEqual(ids(all.filter((r) => Date.parse(r.at) < Date.parse(split))));
    expect(ids(after)).toEqual(ids(all.filter((r) => Date.parse(r.at) >= Date.parse(split))));
    expect([...ids(before), ...ids(after)]).toEqual(ids(all));
    const window = (await page({ incidentId: wallet.id, from: all[0].at, to: new Date(Date.parse(all[0].at) + 1).toISOString() })).items;
    expect(ids(window)).toEqual(ids(all.filter((r) => r.at === all[0].at)));
  });

  it('pages with an opaque cursor, every row exactly once', async () => {
    const all = (await page({ incidentId: wallet.id, limit: 500 })).items;
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const next: CardActionPage = await page({ incidentId: wallet.id, limit: 5, ...(cursor ? { cursor } : {}) });
      sizes.push(next.items.length);
      seen.push(...next.items.map((r) => r.id));
      cursor = next.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([5, 5, 3]);
    expect(seen).toEqual(all.map((r) => r.id));
    expect((await page({ incidentId: wallet.id })).nextCursor).toBeNull(); // default limit 100 holds them all
  });

  it('refuses bad filters and unknown parameters with a 400', async () => {
    const bad: Record<string, string | number>[] = [
      { action: 'delete' },
      { result: 'maybe' },
      { limit: 0 },
      { limit: 501 },
      { limit: 'ten' },
      { from: 'yesterday' },
      { incidentId: 'not-a-uuid' },
      { cursor: 'not a cursor!' },
      { cursor: Buffer.from('12; DROP TABLE').toString('base64url') },
      { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' },
      { sort: 'desc' },
    ];
    for (const query of bad) {
      const response = await trail(query).expect(400);
      expect(response.body).toMatchObject({ error: 'bad_request', message: expect.any(String) });
    }
    const pan = await trail({ cardRef: '4111111111111111' }).expect(400);
    expect(JSON.stringify(pan.body)).not.toContain('4111111111111111');
  });

  it('exports the filtered trail as CSV, streamed, with a header line', async () => {
    const all = (await page({ incidentId: wallet.id, limit: 500 })).items;
    const response = await trail({ incidentId: wallet.id }).set('Accept', 'text/csv').buffer(true).parse((res, done) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => done(null, text));
    }).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toContain('card-actions.csv');
    expect(response.headers['transfer-encoding']).toBe('chunked'); // streamed, not built whole
    const lines = (response.body as string).trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,at,actor,origin,channel,action,result,cardRef,last4,customerRef,incidentId,effectId,reason,failureReason,coreRef,prevHash,hash');
    expect(lines).toHaveLength(1 + all.length);
    const header = lines[0].split(',');
    const rows = lines.slice(1).map((line) => Object.fromEntries(line.split(',').map((value, i) => [header[i], value])));
    // Row for row the JSON trail, an empty cell for a missing value.
    expect(rows).toEqual(all.map((row) => Object.fromEntries(header.map((column) => [column, row[column as keyof CardActionView] ?? '']))));

    const failed = await trail({ incidentId: lost.id, result: 'failed' }).set('Accept', 'text/csv').expect(200);
    expect(failed.text.trimEnd().split('\r\n')).toHaveLength(2);
    expect(failed.text).toContain('not found');
  });

  it('is open to risk and supervisors only', async () => {
    await trail({ incidentId: wallet.id }, operator).expect(403);
    await t.http().get('/v1/audit/verify').set('Authorization', operator).expect(403);
    await t.http().get('/v1/audit/card-actions').expect(401);
    await t.http().get('/v1/audit/verify').expect(401);
    await trail({ incidentId: wallet.id }, supervisor).expect(200);
  });

  it('cannot be updated, deleted or truncated, not even by the database superuser', async () => {
    const [row] = (await page({ incidentId: wallet.id, limit: 1 })).items;
    const attempts = [
      ['UPDATE card_actions SET core_ref = $1 WHERE id = $2', ['CB-FORGED', row.id]],
      ['DELETE FROM card_actions WHERE id = $1', [row.id]],
      ['TRUNCATE card_actions', []],
      ['UPDATE audit_access_log SET row_count = 0', []],
      ['DELETE FROM audit_access_log', []],
      ['TRUNCATE audit_access_log', []],
    ] as const;
    for (const [sql, params] of attempts) {
      // Rolled back whatever happens, so a broken trigger fails the test without wiping the trail.
      await expect(db.transaction(async (m) => {
        await m.query(sql, [...params]);
        throw new Error(`${sql} was allowed`);
      })).rejects.toThrow(/append-only/);
    }
  });

  it('keeps one chain while many operators and workers append at once', async () => {
    const burst = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const opened = (await t.http().post('/v1/incidents').set('Authorization', operator)
          .send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer(`audit-burst-${i}`), channel: 'api' }).expect(201)).body as IncidentView;
        return send(await send(opened, 'CUSTOMER_READY'), 'IDENTITY_VERIFIED');
      }),
    );
    await eventually(async () => {
      const views = await Promise.all(burst.map((v) => incident(v.id)));
      return views.every((v) => v.cards.every((c) => c.status === 'blocked'));
    }, 'every card of every incident to be blocked');
    for (const opened of burst) {
      const { items } = await page({ incidentId: opened.id, action: 'block' });
      expect(items.map((r) => r.result).sort()).toEqual(['requested', 'requested', 'requested', 'succeeded', 'succeeded', 'succeeded']);
    }
    // No two rows claim the same predecessor: the chain never forked (verify, below, walks it whole).
    expect(await db.query('SELECT prev_hash FROM card_actions GROUP BY prev_hash HAVING count(*) > 1')).toEqual([]);
  });

  it('verifies the chain, and pinpoints a row altered behind the trigger', async () => {
    const verify = async () => (await t.http().get('/v1/audit/verify').set('Authorization', risk).expect(200)).body;
    const intact = await verify();
    expect(intact).toMatchObject({ ok: true, checked: expect.any(Number), firstBrokenId: null, problems: [] });
    expect(intact.checked).toBeGreaterThanOrEqual(14);

    const target = (await page({ incidentId: wallet.id, result: 'succeeded', action: 'block' })).items[1];
    // What someone with superuser rights could do: switch the trigger off, rewrite, switch it back on.
    const rewrite = (coreRef: string | null) =>
      db.transaction(async (m) => {
        await m.query('ALTER TABLE card_actions DISABLE TRIGGER card_actions_append_only');
        await m.query('UPDATE card_actions SET core_ref = $1 WHERE id = $2', [coreRef, target.id]);
        await m.query('ALTER TABLE card_actions ENABLE TRIGGER card_actions_append_only');
      });
    await rewrite('CB-FORGED');
    try {
      const broken = await verify();
      expect(broken).toMatchObject({ ok: false, firstBrokenId: target.id, problems: [expect.objectContaining({ chain: 'card_actions', kind: 'forged', id: target.id })] });
      expect(broken.checked).toBeGreaterThanOrEqual(intact.checked);
    } finally {
      await rewrite(target.coreRef); // later tests and `npm run audit:verify` see the trail as it was
    }
    expect(await verify()).toMatchObject({ ok: true, firstBrokenId: null });
  });

  it('records every read of the trail on the access log', async () => {
    await page({ incidentId: lost.id, result: 'failed' });
    const reads: { read: string; filters: Record<string, unknown>; row_count: number; origin: string }[] = await db.query(
      `SELECT read, filters, row_count, origin FROM audit_access_log WHERE actor = $1 ORDER BY seq`,
      [`risk-rita-${run}`],
    );
    expect(reads.map((r) => r.read)).toEqual(expect.arrayContaining(['list', 'export', 'verify']));
    expect(reads.at(-1)).toMatchObject({ read: 'list', filters: { incidentId: lost.id, result: 'failed', limit: 100 }, row_count: 1 });
    expect(reads.at(-1)!.origin).toMatch(/127\.0\.0\.1|::1/);
    expect(reads.find((r) => r.read === 'export' && r.filters.incidentId === wallet.id)).toMatchObject({ row_count: 13 });
    expect(reads.filter((r) => r.read === 'verify')).toHaveLength(3);
    const supervisorReads: unknown[] = await db.query(`SELECT 1 FROM audit_access_log WHERE actor = $1`, [`sup-sam-${run}`]);
    expect(supervisorReads).toHaveLength(1);
  });
});
