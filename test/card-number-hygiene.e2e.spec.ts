import { Redis } from 'ioredis';
import fc from 'fast-check';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import request, { type Response } from 'supertest';
import { findCardNumbers, passesLuhn as serviceLuhn } from '../src/common/card-number.js';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { startSimulator, type RunningSimulator } from '../src/simulator/simulator.server.js';
import { freePort, ServiceProcess } from './support/service-process.js';
import { bearer, eventually, uniqueCustomer } from './support/test-app.js';
import { TEST_DATABASE_URL, TEST_JWT_SECRET, TEST_REDIS_URL } from './support/test-env.js';

/** Luhn-valid test card numbers, written the ways people type them. */
const PANS = ['4111111111111111', '4111 1111 1111 1111', '4111-1111-1111-1111', '5555555555554444', '378282246310005'];
/** The same numbers tucked into otherwise fine-looking values. */
const TUCKED = ['card_4111111111111111', 'ref-5555555555554444', 'paid with 4111 1111 1111 1111, exp 12/27'];
/** The forms that used to slip through: any separator, any group size, glued to letters, Unicode digits. */
const DISGUISED = ['4000.1312.3456.7894', '4000_1412_3456_7893', 'ref4000151234567892', '4000  1312\t3456/7894', '40\u00a000\u00a013\u00a012\u00a034\u00a056\u00a078\u00a094', '４０００１３１２３４５６７８９４'];
/** And a few more, generated: a random card number in a random form (fixed seed, so a failure can be replayed). */
const GENERATED = fc.sample(disguisedCardNumber(), { numRuns: 4, seed: 1796020 });
const ALL = [...PANS, ...TUCKED, ...DISGUISED, ...GENERATED];

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const NUMBER = /(?<![A-Za-z0-9])\d+(?:[ -]\d+)*(?![A-Za-z0-9])/g;

function passesLuhn(digits: string): boolean {
  const sum = [...digits].reverse().reduce((total, d, i) => {
    const n = Number(d) * (i % 2 ? 2 : 1);
    return total + (n > 9 ? n - 9 : n);
  }, 0);
  return sum % 10 === 0;
}

/**
 * Every card number in a text, found independently of the service's own rules: any run of digits
 * (groups split by one space or dash count as one run, and so does any stretch of whole groups)
 * with 13–19 digits that passes the Luhn check. UUIDs are set aside first, and a hash stands inside
 * a word. No card number has 13 digits starting with 1, which is what a millisecond timestamp looks like.
 */
function cardNumbersIn(text: string): string[] {
  // What `npm run pan:scan` finds (every form the service refuses), and the plain forms found independently.
  const found = new Set<string>(findCardNumbers(text).map(({ start, end }) => text.slice(start, end).normalize('NFKC').replace(/\D/g, '')));
  for (const run of text.replace(UUID, 'uuid').match(NUMBER) ?? []) {
    const groups = run.split(/[ -]/);
    for (let start = 0; start < groups.length; start++) {
      for (let end = start + 1; end <= groups.length; end++) {
        const digits = groups.slice(start, end).join('');
        const timestamp = digits.length === 13 && digits.startsWith('1');
        if (digits.length >= 13 && digits.length <= 19 && !timestamp && passesLuhn(digits)) found.add(digits);
      }
    }
  }
  return [...found];
}

describe('card-number hygiene: a full run, every input tried, then the whole database and the logs searched', () => {
  const prefix = `{pan-${process.pid}-${Math.random().toString(36).slice(2, 7)}}`;
  const db = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 2 });
  const operator = bearer(['operator'], 'op-hygiene');
  const supervisor = bearer(['supervisor'], 'sup-hygiene');
  let simulator: RunningSimulator;
  let service: ServiceProcess;
  let http: () => ReturnType<typeof request>;
  /** Every answer the service gave to a smuggling attempt, for the final search. */
  const answers: string[] = [];

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0 });
    const port = await freePort();
    service = await ServiceProcess.start({
      ROLE: 'all',
      PORT: String(port),
      CORE_BANKING_URL: simulator.url,
      QUEUE_PREFIX: prefix,
      EFFECT_BACKOFF_MS: '100',
      SWEEP_AFTER_MS: String(10 * 60_000),
      RATE_LIMIT_PER_MINUTE: '100000',
    });
    http = () => request(`http://127.0.0.1:${port}`);
  });
  afterAll(async () => {
    await service?.stop();
    await simulator?.close();
    await db.end();
  });

  const get = async (id: string) => (await http().get(`/v1/incidents/${id}`).set('Authorization', operator).expect(200)).body as IncidentView;
  const send = async (view: IncidentView, type: string, data: Record<string, unknown> = {}) =>
    (await http().post(`/v1/incidents/${view.id}/events`).set('Authorization', operator).send({ type, data }).expect(200)).body as IncidentView;
  /** Every effect due by now has reported (a callback promised for later may still wait). */
  const settled = (id: string) =>
    eventually(async () => {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM effects WHERE incident_id = $1 AND status NOT IN ('succeeded', 'dead') AND due_at <= now()`, [id]);
      return rows[0].n === 0 && get(id);
    }, `the effects of ${id} to finish`);

  /** A smuggling attempt must be refused with the given status and never quote the number back. */
  async function refused(res: Response, status: number | number[], what: string): Promise<void> {
    answers.push(res.text);
    const statuses = [status].flat();
    expect({ what, status: statuses.includes(res.status) ? statuses : res.status, error: typeof res.body?.error }).toEqual({ what, status: statuses, error: 'string' });
    expect({ what, echoed: cardNumbersIn(res.text) }).toEqual({ what, echoed: [] });
  }

  it('finds card numbers the way an auditor would, and not in ids, hashes or times', () => {
    expect(cardNumbersIn('paid with 4111 1111 1111 1111, exp 12/27 cvv 123')).toEqual(['4111111111111111']);
    expect(cardNumbersIn('{"ref":"card_5555555555554444"}')).toEqual(['5555555555554444']);
    expect(cardNumbersIn('0c5b39f4-4e0a-4f1c-9d2b-7f1a6e0b8c21 1732354567890 2025-03-01T10:00:00.000Z 2026-12-01T23:05:28.123+00:00 ab4111111111111111cd' + 'e'.repeat(44))).toEqual([]);
    expect(cardNumbersIn('ref4000151234567892 and ４０００１３１２３４５６７８９４')).toEqual(['4000151234567892', '4000131234567894']);
  });

  it('runs a stolen-wallet call end to end, with the audit trail read, exported and verified', async () => {
    let view = (await http().post('/v1/incidents').set('Authorization', operator)
      .send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('hygiene'), channel: 'phone', locale: 'en' }).expect(201)).body as IncidentView;
    view = await send(view, 'CUSTOMER_READY');
    view = await send(view, 'IDENTITY_VERIFIED');
    view = await eventually(async () => {
      const v = await get(view.id);
      return v.cards.every((c) => c.status === 'blocked') && v;
    }, 'every card to be blocked');
    view = await send(view, 'BLOCKS_CONFIRMED');
    view = await send(view, 'TRANSACTIONS_REVIEWED', { disputed: [] });
    view = await send(view, 'EMERGENCY_ASSESSED', { travelling: true, emergencyCash: true });
    view = await send(view, 'REISSUE_REQUESTED', { delivery: 'address', address: 'Hotel Astoria, room 412, Saint Petersburg' });
    view = await send(view, 'CALLBACK_SCHEDULED', { at: new Date(Date.now() + 1000).toISOString(), contactChannel: 'sms' });
    view = await send(view, 'CALL_ENDED');
    view = await eventually(async () => {
      const v = await get(view.id);
      return v.state === 'calling_back' && v;
    }, 'the callback to come due');
    view = await send(view, 'CALLBACK_COMPLETED');
    expect(view.status).toBe('resolved');

    const done = (action: string) => async () => {
      const trail = await http().get(`/v1/audit/card-actions?incidentId=${view.id}`).set('Authorization', supervisor).expect(200);
      return trail.body.items.filter((a: { action: string; result: string }) => a.action === action && a.result === 'succeeded').length === 3;
    };
    await eventually(done('block'), 'three blocks on the trail');
    await eventually(done('reissue'), 'three reissues on the trail');
    await http().get(`/v1/audit/card-actions?incidentId=${view.id}`).set('Authorization', supervisor).set('Accept', 'text/csv').expect(200);
    await http().get('/v1/audit/verify').set('Authorization', supervisor).expect(200);
  });

  it('refuses a card number in every field of an incident, storing nothing', async () => {
    const card = (cardRef: string, last4 = '1111') => [{ cardRef, last4 }];
    const open = (body: Record<string, unknown>) => http().post('/v1/incidents').set('Authorization', operator).send({ playbook: 'stolen-wallet', channel: 'phone', ...body });
    for (const pan of ALL) {
      const customerRef = uniqueCustomer('smuggle');
      await refused(await open({ customerRef: pan, cards: card('card_fine') }), 400, `customerRef ${pan}`);
      await refused(await open({ customerRef, cards: card(pan) }), 400, `cardRef ${pan}`);
      await refused(await open({ customerRef, cards: card('card_fine', pan) }), 400, `last4 ${pan}`);
      await refused(await open({ customerRef, playbook: `x-${pan}` }), [400, 404], `playbook ${pan}`);
      for (const field of ['channel', 'locale', 'contactChannel', 'notifiedAt']) await refused(await open({ customerRef, [field]: pan }), 400, `${field} ${pan}`);
      await refused(await open({ customerRef, cards: card('card_fine'), [pan]: true }), 400, `a field named ${pan}`);
      await refused(await open({ customerRef, cards: card('card_fine'), cardNumber: pan }), 400, `an unknown field holding ${pan}`);
      if (sendableInHeader(pan)) {
        const keyed = await http().post('/v1/incidents').set('Authorization', operator).set('Idempotency-Key', pan)
          .send({ playbook: 'stolen-wallet', channel: 'phone', customerRef, cards: card(`card_${customerRef}`) });
        await refused(keyed, 400, `Idempotency-Key ${pan}`);
      }
      const { rows } = await db.query('SELECT count(*)::int AS n FROM incidents WHERE customer_ref = $1', [customerRef]);
      expect(rows[0].n).toBe(0);
    }
  });

  it('refuses a card number in event data, types, versions and keys while the step would take the event, changing nothing', async () => {
    let view = (await http().post('/v1/incidents').set('Authorization', operator)
      .send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('smuggle-events'), channel: 'phone' }).expect(201)).body as IncidentView;
    view = await send(view, 'CUSTOMER_READY');
    view = await send(view, 'IDENTITY_VERIFIED');
    view = await eventually(async () => {
      const v = await get(view.id);
      return v.cards.every((c) => c.status === 'blocked') && v;
    }, 'every card to be blocked');
    view = await settled((await send(view, 'BLOCKS_CONFIRMED')).id);
    const post = (body: Record<string, unknown>, key?: string) => {
      const req = http().post(`/v1/incidents/${view.id}/events`).set('Authorization', operator);
      if (key) req.set('Idempotency-Key', key);
      return req.send(body);
    };

    const attempt = async (state: string, events: [string, Record<string, unknown>][]) => {
      expect(view.state).toBe(state);
      for (const pan of ALL) {
        for (const [type, data] of events) {
          for (const [field, value] of Object.entries(data)) {
            if (value !== '*') continue;
            await refused(await post({ type, data: { ...data, [field]: pan } }), 400, `${type} ${field} ${pan}`);
            await refused(await post({ type, data: { ...data, [field]: `the customer read it out: ${pan}` } }), 400, `${type} ${field} sentence ${pan}`);
          }
          await refused(await post({ type, data: { [pan]: 'x' } }), 400, `${type} field named ${pan}`);
        }
        await refused(await post({ type: pan }), 400, `event type ${pan}`);
        await refused(await post({ type: 'CUSTOMER_MOOD', data: { mood: pan } }), 400, `mood ${pan}`);
        if (sendableInHeader(pan)) await refused(await post({ type: 'CUSTOMER_MOOD', data: { mood: 'calm' } }, pan), 400, `Idempotency-Key ${pan}`);
      }
      const unchanged = await get(view.id);
      expect({ version: unchanged.version, timeline: unchanged.timeline }).toEqual({ version: view.version, timeline: view.timeline });
    };

    await attempt('review_transactions', [
      ['TRANSACTIONS_REVIEWED', { disputed: '*' }],
      ['BLOCKED_BY_CARD_PROCESSING', { reference: '*' }],
    ]);
    const stale = await post({ type: 'TRANSACTIONS_REVIEWED', expectedVersion: 4111111111111111 });
    answers.push(stale.text);
    expect(stale.status).toBe(409);
    view = await send(view, 'TRANSACTIONS_REVIEWED', { disputed: [] });
    view = await send(view, 'EMERGENCY_ASSESSED', { travelling: false });
    await attempt('reissue', [
      ['REISSUE_REQUESTED', { delivery: 'address', address: '*' }],
      ['REISSUE_REQUESTED', { delivery: 'branch', branchId: '*' }],
    ]);
    await settled(view.id);
  });

  it('refuses a card number in ids, queries, simulations, tokens and the headers it keeps, and ignores it in other headers', async () => {
    const [{ id }] = (await db.query(`SELECT id FROM incidents WHERE opened_by = 'op-hygiene' ORDER BY opened_at DESC LIMIT 1`)).rows;
    const sign = (sub: string) => `Bearer ${jwt.sign({ sub, roles: ['operator'], exp: Math.floor(Date.now() / 1000) + 600 }, TEST_JWT_SECRET)}`;
    for (const pan of ALL) {
      const path = encodeURIComponent(pan);
      await refused(await http().get(`/v1/incidents/${path}`).set('Authorization', operator), 400, `incident id ${pan}`);
      await refused(await http().post(`/v1/incidents/${id}/effects/${path}/retry`).set('Authorization', supervisor), 400, `effect id ${pan}`);
      await refused(await http().get(`/v1/playbooks/${path}`).set('Authorization', operator), 400, `playbook id ${pan}`);
      await refused(await http().get(`/v1/playbooks/stolen-wallet/diagram?locale=${path}`).set('Authorization', operator), 400, `diagram locale ${pan}`);
      await refused(await http().post('/v1/playbooks/stolen-wallet/simulate').set('Authorization', operator).send({ cards: [{ cardRef: pan, last4: '1111' }], events: [] }), 400, `simulated card ${pan}`);
      await refused(await http().post('/v1/playbooks/stolen-wallet/simulate').set('Authorization', operator).send({ events: [{ type: 'CUSTOMER_READY' }, { type: 'IDENTITY_VERIFIED' }, { type: 'BLOCKS_CONFIRMED' }, { type: 'TRANSACTIONS_REVIEWED', data: { disputed: pan } }] }), 400, `simulated event data ${pan}`);
      for (const filter of ['cardRef', 'customerRef', 'actor', 'cursor', 'incidentId', 'from', 'to', 'action', 'result', 'limit', pan]) {
        await refused(await http().get(`/v1/audit/card-actions?${encodeURIComponent(filter)}=${path}`).set('Authorization', supervisor), 400, `audit ${filter} ${pan}`);
      }
      await refused(await http().get(`/v1/audit/card-actions?actor=${path}`).set('Authorization', supervisor).set('Accept', 'text/csv'), 400, `audit export actor ${pan}`);
      await refused(await http().get('/v1/playbooks').set('Authorization', sign(pan)), 401, `token subject ${pan}`);
      if (sendableInHeader(pan)) {
        await refused(await http().get('/v1/playbooks').set('Authorization', `Bearer ${pan}`), 401, `token ${pan}`);
        await refused(await http().get('/v1/playbooks').set('Authorization', pan), 401, `Authorization ${pan}`);
      }

      // Every input counts, whether or not a route reads it: an unknown query field or key, and the headers Lifeline keeps.
      await refused(await http().get(`/v1/incidents/${id}?cardNumber=${path}`).set('Authorization', operator), 400, `unknown query field ${pan}`);
      await refused(await http().get(`/v1/incidents/${id}?${path}=1`).set('Authorization', operator), 400, `query key ${pan}`);
      for (const header of sendableInHeader(pan) ? ['X-Forwarded-For', 'Idempotency-Key'] : []) {
        await refused(await http().get(`/v1/incidents/${id}`).set('Authorization', operator).set(header, pan), 400, `header ${header} ${pan}`);
      }
      // Headers Lifeline never keeps are left alone; the final scan shows they went nowhere.
      if (sendableInHeader(pan)) {
        const ignored = await http().get(`/v1/incidents/${id}`).set('Authorization', operator).set('User-Agent', pan).set('Referer', `https://bank.example/${path}`);
        answers.push(ignored.text);
        expect(ignored.status).toBe(200);
      }
    }
  });

  it('leaves no card number in any table, in Redis, in any answer or in the logs', async () => {
    const tables: string[] = (await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`)).rows.map((r) => r.table_name);
    expect(tables).toEqual(expect.arrayContaining(['incidents', 'incident_events', 'effects', 'card_actions', 'audit_access_log', 'idempotency_keys', 'notifications']));
    const found: Record<string, string[]> = {};
    for (const table of tables) {
      const { rows } = await db.query(`SELECT row_to_json(t)::text AS row FROM "${table}" t`);
      for (const { row } of rows) for (const pan of cardNumbersIn(row)) (found[table] ??= []).push(`${pan} in ${row.slice(0, 300)}`);
    }

    const redis = new Redis(TEST_REDIS_URL);
    try {
      for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 })) {
        for (const key of keys as string[]) {
          const text = key + JSON.stringify(await dumpKey(redis, key));
          for (const pan of cardNumbersIn(text)) (found.redis ??= []).push(`${pan} in ${key}`);
        }
      }
    } finally {
      redis.disconnect();
    }

    for (const pan of cardNumbersIn(answers.join('\n'))) (found.answers ??= []).push(pan);
    expect(service.log).toContain('Lifeline API and workers listening');
    for (const pan of cardNumbersIn(service.log)) (found.logs ??= []).push(pan);
    expect(found).toEqual({});
  });
});

/** A Redis value as text, whatever its type. */
async function dumpKey(redis: Redis, key: string): Promise<unknown> {
  switch (await redis.type(key)) {
    case 'string': return redis.get(key);
    case 'hash': return redis.hgetall(key);
    case 'list': return redis.lrange(key, 0, -1);
    case 'set': return redis.smembers(key);
    case 'zset': return redis.zrange(key, 0, -1);
    // Entry ids are timestamps; what was written is in the fields.
    case 'stream': return (await redis.xrange(key, '-', '+')).map(([, fields]) => fields);
    default: return null;
  }
}

/** A header carries Latin-1 only: a form with fullwidth digits cannot be sent in one at all. */
function sendableInHeader(pan: string): boolean {
  return /^[\t\x20-\x7e\xa0-\xff]*$/.test(pan);
}

/** A generated card number (issuer prefix 2–6, Luhn-valid) in groups of 1–6, split by any separator, maybe glued to letters or in fullwidth digits. */
function disguisedCardNumber(): fc.Arbitrary<string> {
  const digits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 11, maxLength: 17 }).map((d) => d.join(''));
  const pan = fc.tuple(fc.integer({ min: 2, max: 6 }), digits).map(([mii, body]) => {
    const partial = `${mii}${body}`;
    return partial + [...'0123456789'].find((d) => serviceLuhn(partial + d))!;
  });
  return fc
    .tuple(pan, fc.integer({ min: 1, max: 6 }), fc.constantFrom(' ', '.', '_', '/', '\t', '\u00a0', '  '), fc.constantFrom('', 'ref', 'card-'), fc.boolean())
    .map(([number, size, sep, prefix, fullwidth]) => {
      const written = number.match(new RegExp(`.{1,${size}}`, 'g'))!.join(sep);
      return prefix + (fullwidth ? [...written].map((c) => (/\d/.test(c) ? String.fromCharCode(0xff10 + Number(c)) : c)).join('') : written);
    });
}
