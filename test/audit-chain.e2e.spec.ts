import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { AuditChain, type AuditVerification } from '../src/audit/audit-chain.js';
import { AuditKeys } from '../src/audit/audit-keys.js';
import { CardActionTrail } from '../src/audit/card-action-trail.js';
import { rowHash } from '../src/audit/hash-chain.js';
import { canonicalJson } from '../src/playbooks/playbook.compiler.js';
import { TrailShards1796090000000 } from '../migrations/1796090000000-trail-shards.js';
import { bearer, eventually, startTestApp, type TestApp } from './support/test-app.js';
import { TEST_AUDIT_KEYS, TEST_DATABASE_URL } from './support/test-env.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);
const risk = bearer(['risk'], 'risk-chain');

/**
 * What someone with write access to the database (but not the audit keys) could do to the trail, each tried
 * on a database of this spec's own, and caught by the API and by the offline verifier with an exported checkpoint.
 */
describe('the audit chain: nobody can extend or cut it unseen', () => {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${url.pathname.slice(1)}_chain`;
  const dir = mkdtempSync(join(tmpdir(), 'audit-chain-'));
  const checkpointFile = join(dir, 'checkpoints.jsonl');
  const exported = join(dir, 'exported.jsonl');
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    const admin = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
    await admin.initialize();
    await admin.query(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}"`);
    await admin.destroy();
    // Boot creates and migrates the database; the rows before it are what a trail from before AUDIT_KEYS holds.
    t = await startTestApp({ DATABASE_URL: url.toString(), AUDIT_CHECKPOINT_FILE: checkpointFile, AUDIT_CHECKPOINT_INTERVAL_MS: '0' });
    db = t.app.get(DataSource);
    await beforeTheChains(async () => {
      await appendLegacyRows(3);
      await signTheOldWay();
    });
    // Rows linked with the older key (k2025), then with the current one (k2026): rotation keeps both verifying.
    const older = AuditKeys.from({ ...TEST_AUDIT_KEYS, AUDIT_KEY_ID: 'k2025' });
    await block(new CardActionTrail(older), 3);
    await block(t.app.get(CardActionTrail), 4);
    await t.http().get('/v1/audit/card-actions').set('Authorization', risk).expect(200);
    await t.app.get(AuditChain).checkpoint();
    await db.query(`CREATE TABLE backup_card_actions AS SELECT * FROM card_actions`);
    await db.query(`CREATE TABLE backup_access_log AS SELECT * FROM audit_access_log`);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Blocks as the trail records them: a `requested` row per card, in the caller's transaction. */
  async function block(trail: CardActionTrail, cards: number): Promise<void> {
    const incident = { id: randomUUID(), customerRef: 'cust-chain', channel: 'phone' as const, playbookId: 'stolen-wallet' };
    const effects = Array.from({ length: cards }, (_, i) => ({ id: randomUUID(), kind: 'blockCard', params: { cardRef: `card_chain_${i}`, last4: '0042', reason: 'stolen', mode: 'block' } }));
    await db.transaction((m) => trail.recordRequested(m, incident, { id: 'op-chain', origin: '127.0.0.1' }, effects));
  }

  /** Runs `write` on the trail as it was before it had chains: the migration is undone, then run again over what was written. */
  async function beforeTheChains(write: () => Promise<void>): Promise<void> {
    const runner = db.createQueryRunner();
    try {
      await new TrailShards1796090000000().down(runner);
      await write();
      await new TrailShards1796090000000().up(runner);
    } finally {
      await runner.release();
    }
  }

  /** A checkpoint of the one chain, signed as it was before the trail had chains (no shard in what is signed). */
  async function signTheOldWay(): Promise<void> {
    const [head] = await db.query(`SELECT seq::text AS seq, hash, (SELECT count(*)::int FROM card_actions) AS count FROM card_actions ORDER BY seq DESC LIMIT 1`);
    const unsigned = { chain: 'card_actions', count: head.count, lastSeq: head.seq, headHash: head.hash, at: new Date().toISOString() };
    const signature = t.app.get(AuditKeys).sign(canonicalJson(unsigned));
    appendFileSync(checkpointFile, `${JSON.stringify({ ...unsigned, signature })}\n`);
    await db.query(`INSERT INTO audit_checkpoints (chain, count, last_seq, head_hash, at, signature) VALUES ($1, $2, $3, $4, $5, $6)`, [unsigned.chain, unsigned.count, unsigned.lastSeq, unsigned.headHash, unsigned.at, signature]);
  }

  /** Rows as the trail wrote them before keys and chains: unkeyed SHA-256 links, one chain. */
  async function appendLegacyRows(count: number): Promise<void> {
    let prev = '0'.repeat(64);
    for (let i = 0; i < count; i++) {
      const row = { id: randomUUID(), at: new Date(), actor: 'op-legacy', origin: '10.0.0.1', channel: 'phone', action: 'block' as const, result: 'requested' as const, cardRef: `card_legacy_${i}`, last4: '0001', customerRef: 'cust-legacy', incidentId: randomUUID(), effectId: randomUUID(), reason: 'stolen', failureReason: null, coreRef: null };
      const hash = rowHash(prev, row);
      await db.query(
        `INSERT INTO card_actions (id, at, actor, origin, channel, action, result, card_ref, last4, customer_ref, incident_id, effect_id, reason, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
        [row.id, row.at, row.actor, row.origin, row.channel, row.action, row.result, row.cardRef, row.last4, row.customerRef, row.incidentId, row.effectId, row.reason, prev, hash],
      );
      prev = hash;
    }
  }

  /** Behind the append-only triggers, as a superuser could. */
  const tamper = (sql: string, params: unknown[] = []) =>
    db.transaction(async (m) => {
      await m.query('ALTER TABLE card_actions DISABLE TRIGGER USER');
      await m.query('ALTER TABLE audit_access_log DISABLE TRIGGER USER');
      await m.query(sql, params);
      await m.query('ALTER TABLE card_actions ENABLE TRIGGER USER');
      await m.query('ALTER TABLE audit_access_log ENABLE TRIGGER USER');
    });
  const restore = async () => {
    await tamper('DELETE FROM card_actions');
    await tamper('INSERT INTO card_actions SELECT * FROM backup_card_actions');
    await tamper('DELETE FROM audit_access_log');
    await tamper('INSERT INTO audit_access_log SELECT * FROM backup_access_log');
  };
  const seqs = async (): Promise<string[]> => (await db.query(`SELECT t.seq::text AS seq FROM backup_card_actions t ORDER BY t.seq`)).map((r: { seq: string }) => r.seq);
  /** The rows of one chain of the trail, oldest first. */
  const chainOf = async (cardRef: string): Promise<{ seq: string; id: string; shard: number; prev_hash: string }[]> =>
    db.query(`SELECT t.seq::text AS seq, t.id, t.shard, t.prev_hash FROM backup_card_actions t WHERE t.shard = (SELECT shard FROM backup_card_actions WHERE card_ref = $1 LIMIT 1) ORDER BY t.seq`, [cardRef]);
  const verify = async (): Promise<AuditVerification> => (await t.http().get('/v1/audit/verify').set('Authorization', risk).expect(200)).body;
  const verifyOffline = async (): Promise<{ code: number; report: AuditVerification }> => {
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: url.toString(), ...TEST_AUDIT_KEYS };
    const argv = ['--import', '@swc-node/register/esm-register', 'scripts/audit-verify.ts', '--checkpoint', exported];
    const { code, stdout } = await run(process.execPath, argv, { cwd: ROOT, env }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    return { code, report: JSON.parse(stdout) };
  };
  /** Both verifiers see the same problems, pinpointed alike. */
  async function bothFind(...expected: object[]): Promise<AuditVerification> {
    const online = await verify();
    expect(online.ok).toBe(false);
    expect(online.problems).toEqual(expect.arrayContaining(expected.map((e) => expect.objectContaining(e))));
    const offline = await verifyOffline();
    expect(offline.code).toBe(1);
    expect(offline.report.problems).toEqual(expect.arrayContaining(expected.map((e) => expect.objectContaining(e))));
    await restore();
    return online;
  }

  it('verifies an intact trail of unkeyed rows from before the keys, rows of a retired key and current ones, each chain against its signed checkpoint', async () => {
    const report = await verify();
    expect(report).toMatchObject({ ok: true, checked: 10, firstBrokenId: null, problems: [] });
    const keyIds = (await db.query(`SELECT key_id FROM card_actions ORDER BY seq`)).map((r: { key_id: string | null }) => r.key_id);
    expect(keyIds).toEqual([null, null, null, 'k2025', 'k2025', 'k2025', 'k2026', 'k2026', 'k2026', 'k2026']);
    // The rows from before the chains are chain 0, checkpointed as before; each card's rows are on its own chain.
    const shards: { shard: number; count: number; last: string }[] = await db.query(`SELECT shard, count(*)::int AS count, max(seq)::text AS last FROM card_actions GROUP BY shard ORDER BY shard`);
    expect(shards[0]).toMatchObject({ shard: 0, count: 3 });
    expect(shards.length).toBeGreaterThan(2);
    const signed = report.chains.card_actions.shards.filter((s) => s.checkpoint !== null);
    expect(signed.map((s) => ({ shard: s.shard, count: s.checkpoint!.count, lastSeq: s.checkpoint!.lastSeq }))).toEqual(shards.map((s) => ({ shard: s.shard, count: s.count, lastSeq: s.last })));
    expect(report.chains.card_actions.shards.every((s) => s.checked === (shards.find((x) => x.shard === s.shard)?.count ?? 0))).toBe(true);
    expect(report.chains.audit_access_log.checkpoint).toMatchObject({ chain: 'audit_access_log', count: 1 });
    // The same checkpoints went to the append-only file (chain 0's from before the chains without a shard); every one exported as a risk team would keep them.
    const filed = readFileSync(checkpointFile, 'utf8').trim().split('\n').map((line) => ({ shard: 0, ...JSON.parse(line) }));
    const checkpoints = [...signed.map((s) => s.checkpoint), report.chains.audit_access_log.checkpoint];
    expect(filed).toEqual(expect.arrayContaining(checkpoints));
    writeFileSync(exported, checkpoints.map((c) => `${JSON.stringify(c)}\n`).join(''));
    await restore();
    expect((await verifyOffline()).report).toMatchObject({ ok: true, problems: [] });
    await restore();
  });

  it('still holds chain 0 against a checkpoint signed before the trail had chains', async () => {
    const [old] = await db.query(`SELECT seq::text AS seq, shard, count::int AS count FROM audit_checkpoints WHERE chain = 'card_actions' ORDER BY seq LIMIT 1`);
    expect(old).toMatchObject({ shard: 0, count: 3 });
    const all = await seqs();
    await tamper(`DELETE FROM card_actions WHERE seq = $1`, [all[2]]);
    // The newest checkpoint of chain 0 names the same head; held against the old one alone, the cut is still caught.
    const oldOnly = join(dir, 'old.jsonl');
    const [row] = await db.query(`SELECT chain, count::int AS count, last_seq::text AS "lastSeq", head_hash AS "headHash", at, signature FROM audit_checkpoints WHERE seq = $1`, [old.seq]);
    writeFileSync(oldOnly, `${JSON.stringify({ ...row, at: new Date(row.at).toISOString() })}\n`);
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: url.toString(), ...TEST_AUDIT_KEYS };
    const argv = ['--import', '@swc-node/register/esm-register', 'scripts/audit-verify.ts', '--checkpoint', oldOnly];
    const failed = await run(process.execPath, argv, { cwd: ROOT, env }).catch((error: { code: number; stdout: string }) => error);
    expect('code' in failed && failed.code).toBe(1);
    const problems = JSON.parse((failed as { stdout: string }).stdout).problems;
    expect(problems).toEqual([expect.objectContaining({ chain: 'card_actions', shard: 0, kind: 'cut', message: expect.stringContaining(`chain 0 of the trail: the newest rows were cut`) })]);
    await restore();
  });

  it('catches the newest row of a chain deleted, naming the chain and the cut', async () => {
    const chain = await chainOf('card_chain_0');
    expect(chain.length).toBe(2);
    await tamper(`DELETE FROM card_actions WHERE seq = $1`, [chain[1].seq]);
    const report = await bothFind({ chain: 'card_actions', shard: chain[0].shard, kind: 'cut', seq: chain[1].seq, message: expect.stringContaining(`the chain now ends at row ${chain[0].seq} (1 rows missing)`) });
    expect(report.problems).toHaveLength(1);
  });

  it('catches every row deleted, on every chain', async () => {
    await tamper(`DELETE FROM card_actions`);
    const report = await bothFind({ chain: 'card_actions', shard: 0, kind: 'cut', message: expect.stringContaining('no rows are left (3 rows missing)') });
    expect(new Set(report.problems.map((p) => p.shard)).size).toBe(report.chains.card_actions.shards.filter((s) => s.checkpoint).length);
  });

  it('catches a row deleted in the middle, naming the gap', async () => {
    const all = await seqs();
    await tamper(`DELETE FROM card_actions WHERE seq = $1`, [all[1]]);
    await bothFind({ chain: 'card_actions', shard: 0, kind: 'gap', seq: all[2], message: expect.stringContaining(`between row ${all[0]} and row ${all[2]}`) });
  });

  it('catches a row moved to another chain: a chain starts from its own genesis', async () => {
    const [moved] = await chainOf('card_chain_0');
    await tamper(`UPDATE card_actions SET shard = 0 WHERE seq = $1`, [moved.seq]);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual(expect.arrayContaining([expect.objectContaining({ shard: 0, kind: 'gap', seq: moved.seq }), expect.objectContaining({ shard: moved.shard, kind: 'gap' })]));
    await restore();
  });

  it('catches a forged row appended with a correct unkeyed link, or with a key id but no key', async () => {
    const [head] = await db.query(`SELECT * FROM card_actions ORDER BY seq DESC LIMIT 1`);
    const forged = { id: randomUUID(), at: new Date(), actor: 'sup-forged', origin: '10.6.6.6', channel: 'phone', action: 'unblock' as const, result: 'succeeded' as const, cardRef: head.card_ref, last4: '0042', customerRef: 'cust-chain', incidentId: head.incident_id, effectId: randomUUID(), reason: null, failureReason: null, coreRef: 'CB-FORGED' };
    for (const keyId of [null, 'k2026']) {
      const hash = rowHash(head.hash, forged);
      await tamper(
        `INSERT INTO card_actions (id, at, actor, origin, channel, action, result, card_ref, last4, customer_ref, incident_id, effect_id, core_ref, key_id, shard, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)`,
        [forged.id, forged.at, forged.actor, forged.origin, forged.channel, forged.action, forged.result, forged.cardRef, forged.last4, forged.customerRef, forged.incidentId, forged.effectId, forged.coreRef, keyId, head.shard, head.hash, hash],
      );
      const report = await bothFind({ chain: 'card_actions', shard: head.shard, kind: 'forged', id: forged.id });
      expect(report.firstBrokenId).toBe(forged.id);
    }
  });

  it('catches a rewritten tail re-chained without the key, at its first row and against the checkpoint', async () => {
    const tail = await chainOf('card_chain_0');
    let prev = tail[0].prev_hash;
    for (const row of tail) {
      await tamper(`UPDATE card_actions SET result = 'failed', failure_reason = 'never asked' WHERE id = $1`, [row.id]);
      const [changed] = await db.query(`SELECT * FROM card_actions WHERE id = $1`, [row.id]);
      const hash = rowHash(prev, { id: changed.id, at: changed.at, actor: changed.actor, origin: changed.origin, channel: changed.channel, action: changed.action, result: changed.result, cardRef: changed.card_ref, last4: changed.last4, customerRef: changed.customer_ref, incidentId: changed.incident_id, effectId: changed.effect_id, reason: changed.reason, failureReason: changed.failure_reason, coreRef: changed.core_ref });
      await tamper(`UPDATE card_actions SET prev_hash = $1, hash = $2 WHERE id = $3`, [prev, hash, row.id]);
      prev = hash;
    }
    const shard = tail[0].shard;
    const report = await bothFind({ chain: 'card_actions', shard, kind: 'forged', id: tail[0].id, seq: tail[0].seq }, { chain: 'card_actions', shard, kind: 'rewritten', seq: tail[1].seq });
    expect(report.firstBrokenId).toBe(tail[0].id);
  });

  it('chains the access log the same way: a read deleted from it is caught', async () => {
    await t.http().get('/v1/audit/card-actions').set('Authorization', risk).expect(200);
    await t.http().get('/v1/audit/card-actions').set('Authorization', risk).expect(200);
    const [first] = await db.query(`SELECT t.seq::text AS seq FROM audit_access_log t ORDER BY t.seq LIMIT 1`);
    await tamper(`DELETE FROM audit_access_log WHERE seq = $1`, [first.seq]);
    await bothFind({ chain: 'audit_access_log', kind: 'gap', message: expect.stringContaining('the first one left') });
  });

  it('refuses a checkpoint not signed by the audit signing key', async () => {
    const [real] = readFileSync(exported, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const lie = join(dir, 'lie.jsonl');
    writeFileSync(lie, `${JSON.stringify({ ...real, count: 2, lastSeq: '2' })}\n`);
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: url.toString(), ...TEST_AUDIT_KEYS };
    const argv = ['--import', '@swc-node/register/esm-register', 'scripts/audit-verify.ts', '--checkpoint', lie];
    const failed = await run(process.execPath, argv, { cwd: ROOT, env }).catch((error: { code: number; stdout: string }) => error);
    expect('code' in failed && failed.code).toBe(1);
    expect(JSON.parse(failed.stdout).problems).toEqual([expect.objectContaining({ chain: 'checkpoints', kind: 'forged-checkpoint' })]);
  });

  it('checkpoints the head when a process stops, and on its interval', async () => {
    const second = await startTestApp({ DATABASE_URL: url.toString(), AUDIT_CHECKPOINT_FILE: checkpointFile, AUDIT_CHECKPOINT_INTERVAL_MS: '200' }, { simulator: t.simulator });
    await new CardActionTrail(second.app.get(AuditKeys)).recordRequested(second.app.get(DataSource).manager, { id: randomUUID(), customerRef: 'cust-stop', channel: 'phone', playbookId: 'lost-card' }, { id: 'op-stop', origin: '127.0.0.1' }, [
      { id: randomUUID(), kind: 'blockCard', params: { cardRef: 'card_stop', last4: '0042', reason: 'lost', mode: 'freeze' } },
    ]);
    const [head] = await db.query(`SELECT t.seq::text AS seq FROM card_actions t ORDER BY t.seq DESC LIMIT 1`);
    const latest = async () => (await db.query(`SELECT last_seq::text AS seq FROM audit_checkpoints WHERE chain = 'card_actions' ORDER BY last_seq DESC LIMIT 1`))[0]?.seq;
    await eventually(async () => (await latest()) === head.seq, 'the interval checkpoint');
    await new CardActionTrail(second.app.get(AuditKeys)).recordRequested(second.app.get(DataSource).manager, { id: randomUUID(), customerRef: 'cust-stop', channel: 'phone', playbookId: 'lost-card' }, { id: 'op-stop', origin: '127.0.0.1' }, [
      { id: randomUUID(), kind: 'blockCard', params: { cardRef: 'card_stop', last4: '0042', reason: 'lost', mode: 'block' } },
    ]);
    await second.close();
    const [newest] = await db.query(`SELECT t.seq::text AS seq FROM card_actions t ORDER BY t.seq DESC LIMIT 1`);
    expect(await latest()).toBe(newest.seq);
    const filed = readFileSync(checkpointFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(filed.filter((c) => c.chain === 'card_actions').at(-1)).toMatchObject({ lastSeq: newest.seq });
  });
});
