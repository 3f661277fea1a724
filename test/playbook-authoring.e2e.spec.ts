import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { parse, stringify } from 'yaml';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { PLAYBOOKS_DIR } from '../src/playbooks/playbook.loader.js';
import { InvalidPlaybooksError, PlaybookRegistry } from '../src/playbooks/playbook-registry.js';
import type { Simulation } from '../src/playbooks/playbook.rehearsal.js';
import { bearer, eventually, startTestApp, TestApp, uniqueCustomer } from './support/test-app.js';
import { testConfig } from './support/test-env.js';
import { findAll, parseXml } from './support/xml.js';

const operator = bearer(['operator'], 'op-author');
const SHIPPED = join(PLAYBOOKS_DIR, 'stolen-wallet.yaml');
const STATES = Object.keys(parse(readFileSync(SHIPPED, 'utf8')).states as Record<string, unknown>);

/** The parsed YAML, the shape a playbook author writes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Raw = Record<string, any>;

/** A playbooks folder holding just the shipped stolen wallet, or a version of it changed by `edit`. */
function playbooksDir(edit?: (raw: Raw) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-authoring-'));
  if (!edit) copyFileSync(SHIPPED, join(dir, 'stolen-wallet.yaml'));
  else {
    const raw = parse(readFileSync(SHIPPED, 'utf8'));
    edit(raw);
    writeFileSync(join(dir, 'stolen-wallet.yaml'), stringify(raw));
  }
  return dir;
}

describe('playbook authoring', () => {
  let v1Dir: string;
  let t: TestApp;

  beforeAll(async () => {
    v1Dir = playbooksDir();
    t = await startTestApp({ PLAYBOOKS_DIR: v1Dir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(v1Dir, { recursive: true, force: true });
  });

  describe('GET /v1/playbooks/:id/diagram', () => {
    /** The SVG as text (supertest leaves image types as raw bytes). */
    const diagram = (path: string, token: string) =>
      t.http().get(path).set('Authorization', token).buffer(true).parse((res, done) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => done(null, body));
      });

    it('draws the state graph as SVG with the primary path highlighted, for every role that reads playbooks', async () => {
      for (const role of ['operator', 'supervisor', 'risk', 'system'] as const) {
        const res = await diagram('/v1/playbooks/stolen-wallet/diagram', bearer([role]));
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
        const svg = parseXml(res.body as string);
        expect(svg.name).toBe('svg');
        const drawn = findAll(svg, (e) => 'data-state' in e.attributes).map((e) => e.attributes['data-state']);
        expect(drawn.sort()).toEqual([...STATES].sort());
        const edge = (from: string, event: string) =>
          findAll(svg, (e) => e.attributes['data-from'] === from && (e.attributes['data-events'] ?? '').split(' ').includes(event))[0];
        expect(edge('verify_identity', 'IDENTITY_VERIFIED').attributes.class).toBe('edge primary-path');
        expect(edge('verify_identity', 'IDENTITY_FAILED').attributes.class).toBe('edge exception');
      }
    });

    it('draws step titles in Russian when asked', async () => {
      const res = await diagram('/v1/playbooks/stolen-wallet/diagram?locale=ru', operator);
      expect(res.status).toBe(200);
      expect(res.body).toContain('Успокоить клиента');
    });

    it('answers 404 for an unknown playbook, 400 for an unknown locale and 401 without a token, as JSON', async () => {
      const unknown = await t.http().get('/v1/playbooks/lost-umbrella/diagram').set('Authorization', operator).expect(404);
      expect(unknown.headers['content-type']).toMatch(/^application\/json/);
      expect(unknown.body).toMatchObject({ error: 'not_found' });
      const locale = await t.http().get('/v1/playbooks/stolen-wallet/diagram?locale=de').set('Authorization', operator).expect(400);
      expect(locale.body).toMatchObject({ error: 'bad_request', message: expect.stringContaining('locale must be one of en, ru') });
      await t.http().get('/v1/playbooks/stolen-wallet/diagram').expect(401);
    });
  });

  describe('POST /v1/playbooks/:id/simulate', () => {
    const simulate = (body: object, token = operator) => t.http().post('/v1/playbooks/stolen-wallet/simulate').set('Authorization', token).send(body);

    const countRows = async (cardRefs: string[]) => {
      const db = t.app.get(DataSource);
      const [{ incidents }] = await db.query(`SELECT count(*)::int AS incidents FROM incidents WHERE customer_ref = 'simulation'`);
      const [{ effects }] = await db.query(`SELECT count(*)::int AS effects FROM effects WHERE params->>'cardRef' = ANY($1) OR params->>'customerRef' = 'simulation'`, [cardRefs]);
      return { incidents, effects };
    };

    it('returns the steps, scripts and effects a list of events would produce, and stores and sends nothing', async () => {
      const run = Date.now().toString(36);
      const cards = [{ cardRef: `sim-${run}-a`, last4: '4401' }, { cardRef: `sim-${run}-b`, last4: '4402' }];
      const before = await countRows(cards.map((c) => c.cardRef));

      const res = await simulate({
        cards,
        events: [
          { type: 'CUSTOMER_READY' },
          { type: 'IDENTITY_VERIFIED' },
          { type: 'BLOCKS_CONFIRMED' },
          ...cards.map((c) => ({ type: 'CARD_BLOCKED', data: { cardRef: c.cardRef, coreRef: `core-${c.last4}` } })),
          { type: 'BLOCKS_CONFIRMED' },
        ],
      }).expect(200);
      const body = res.body as Simulation;

      expect(body.playbook).toMatchObject({ id: 'stolen-wallet', version: 2 });
      expect(body.opened.state).toBe('reassure');
      expect(body.steps.map((s) => [s.event.type, s.accepted, s.state])).toEqual([
        ['CUSTOMER_READY', true, 'verify_identity'],
        ['IDENTITY_VERIFIED', true, 'blocking_cards'],
        ['BLOCKS_CONFIRMED', false, 'blocking_cards'],
        ['CARD_BLOCKED', true, 'blocking_cards'],
        ['CARD_BLOCKED', true, 'blocking_cards'],
        ['BLOCKS_CONFIRMED', true, 'review_transactions'],
      ]);
      expect(body.steps[1].step?.say).toBe('I am blocking your cards ending 4401 and 4402 right now. It takes a few seconds. Please stay on the line with me.');
      expect(body.steps[1].effects).toEqual(cards.map((c) => ({ kind: 'blockCard', params: { cardRef: c.cardRef, last4: c.last4, reason: 'stolen', mode: 'block' } })));
      expect(body.steps[2].refusal).toMatchObject({ reason: 'guard', message: expect.stringContaining('Not every card is blocked yet') });
      expect(body.final).toEqual({ state: 'review_transactions', status: 'open' });

      // Nothing was stored, so nothing can be enqueued or reach core banking.
      expect(await countRows(cards.map((c) => c.cardRef))).toEqual(before);
      expect(before).toEqual({ incidents: 0, effects: 0 });
    });

    it('defaults to three demo cards, in English', async () => {
      const res = await simulate({ events: [] }).expect(200);
      expect(res.body.opened.step.say).toContain('You did the right thing by calling us');
      expect(res.body.steps).toEqual([]);
      const blocked = await simulate({ events: [{ type: 'CUSTOMER_READY' }, { type: 'IDENTITY_VERIFIED' }] }).expect(200);
      expect(blocked.body.steps[1].effects).toHaveLength(3);
    });

    it('is open to every role that reads playbooks, and to no one without a token', async () => {
      for (const role of ['operator', 'supervisor', 'risk', 'system'] as const) await simulate({ events: [] }, bearer([role])).expect(200);
      await t.http().post('/v1/playbooks/stolen-wallet/simulate').send({ events: [] }).expect(401);
    });

    it('rejects bad input with a 400 that names the problem, and never echoes a card number', async () => {
      expect((await simulate({}).expect(400)).body).toMatchObject({ error: 'bad_request', message: expect.stringContaining('events must be a list') });
      const tooMany = Array.from({ length: 201 }, () => ({ type: 'CUSTOMER_MOOD', data: { mood: 'calm' } }));
      expect((await simulate({ events: tooMany }).expect(400)).body.message).toContain('at most 200 events');
      expect((await simulate({ events: [{ type: 'customer ready' }] }).expect(400)).body.error).toBe('bad_request');
      expect((await simulate({ events: [], speed: 'fast' }).expect(400)).body.message).toContain('property speed should not exist');

      const data = await simulate({ events: [{ type: 'CUSTOMER_READY' }, { type: 'REISSUE_REQUESTED', data: { delivery: 'drone' } }] }).expect(400);
      expect(data.body).toMatchObject({
        error: 'invalid_event_data',
        details: { problems: ['events[1] REISSUE_REQUESTED: delivery: must be one of address, branch, addressOnFile'] },
      });
      const unknown = await simulate({ events: [{ type: 'WALLET_FOUND' }] }).expect(400);
      expect(unknown.body.details.problems).toEqual(['events[0]: unknown event WALLET_FOUND']);

      const pan = '4111111111111111';
      const card = await simulate({ cards: [{ cardRef: pan, last4: '1111' }], events: [] }).expect(400);
      expect(card.body.message).toContain('looks like a full card number');
      expect(card.text).not.toContain(pan);
    });

    it('answers 404 for an unknown playbook', async () => {
      const res = await t.http().post('/v1/playbooks/lost-umbrella/simulate').set('Authorization', operator).send({ events: [] }).expect(404);
      expect(res.body).toMatchObject({ error: 'not_found' });
    });
  });

  describe('readability limits at boot', () => {
    /** The registry as the service builds it, against the real database; it refuses before storing anything. */
    const boot = (limits: Record<string, string>) => new PlaybookRegistry(t.app.get(DataSource), testConfig({ PLAYBOOKS_DIR: v1Dir, ...limits })).onModuleInit();

    it('refuses playbooks with scripts or primary paths longer than the configured limits', async () => {
      await expect(boot({ PLAYBOOK_MAX_SCRIPT_WORDS: '38' })).rejects.toThrow(InvalidPlaybooksError);
      await expect(boot({ PLAYBOOK_MAX_SCRIPT_WORDS: '38' })).rejects.toThrow(
        'stolen-wallet.yaml: state closing_without_callback step say: `en` script has 39 words, more than 38 to read aloud calmly',
      );
      await expect(boot({ PLAYBOOK_MAX_PRIMARY_STEPS: '9' })).rejects.toThrow('the primary path has 10 steps, more than the limit of 9');
      await expect(boot({ PLAYBOOK_MAX_SCRIPT_WORDS: '39', PLAYBOOK_MAX_PRIMARY_STEPS: '10' })).resolves.toBeUndefined();
    });
  });
});

describe('a new version of a playbook file', () => {
  const dirs: string[] = [];
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const start = async (dir: string) => {
    dirs.push(dir);
    const app = await startTestApp({ PLAYBOOKS_DIR: dir });
    apps.push(app);
    return app;
  };
  const V1_VERIFY = 'To block the right cards, we need to make sure it is you.';
  const V2_REASSURE = 'Version two: you did the right thing by calling. We are protecting your money now.';
  const V2_VERIFY = 'Version two: please tell me your full name and date of birth.';

  it('lets incidents in flight finish on their version while new incidents start on the new one', async () => {
    // Before the deploy: v1 serves an incident that is one step in.
    const a = await start(playbooksDir());
    const opened = await a.http().post('/v1/incidents').set('Authorization', operator)
      .send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('v1'), channel: 'phone', locale: 'en' }).expect(201);
    const inFlight = opened.body as IncidentView;
    const v1 = (await a.http().get('/v1/playbooks/stolen-wallet').set('Authorization', operator).expect(200)).body;
    await a.http().post(`/v1/incidents/${inFlight.id}/events`).set('Authorization', operator).send({ type: 'CUSTOMER_READY' }).expect(200);
    await eventually(async () => {
      const view = (await a.http().get(`/v1/incidents/${inFlight.id}`).set('Authorization', operator)).body as IncidentView;
      return view.timeline.some((e) => e.type === 'TRANSACTIONS_LOADED');
    }, 'v1 to finish loading transactions');
    await a.close();
    apps.splice(apps.indexOf(a), 1);

    // The deploy: the same file, one version up (3), with new words.
    const b = await start(playbooksDir((raw) => {
      raw.version = 3;
      raw.states.reassure.step.say.en = V2_REASSURE;
      raw.states.verify_identity.step.say.en = V2_VERIFY;
      raw.states.blocking_cards.step.title.en = 'Block every card (v2)';
    }));
    const playbook = async () => (await b.http().get('/v1/playbooks/stolen-wallet').set('Authorization', operator).expect(200)).body;
    const v2Before = await playbook();
    expect(v2Before).toMatchObject({ id: 'stolen-wallet', version: 3 });
    expect(v2Before.hash).not.toBe(v1.hash);

    // The incident in flight keeps v1's words and walks on v1's graph.
    let view = (await b.http().get(`/v1/incidents/${inFlight.id}`).set('Authorization', operator).expect(200)).body as IncidentView;
    expect(view.playbook).toEqual({ id: 'stolen-wallet', version: 2 });
    expect(view.step?.id).toBe('verify_identity');
    expect(view.step?.say).toContain(V1_VERIFY);
    view = (await b.http().post(`/v1/incidents/${inFlight.id}/events`).set('Authorization', operator).send({ type: 'IDENTITY_VERIFIED' }).expect(200)).body;
    expect(view.step).toMatchObject({ id: 'blocking_cards', title: 'Block all cards' });

    // A new incident starts on v2.
    const fresh = (await b.http().post('/v1/incidents').set('Authorization', operator)
      .send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('v2'), channel: 'phone', locale: 'en' }).expect(201)).body as IncidentView;
    expect(fresh.playbook).toEqual({ id: 'stolen-wallet', version: 3 });
    expect(fresh.step?.say).toBe(V2_REASSURE);

    // Both versions are on record, with the incidents each still carries.
    const v2After = await playbook();
    const version = (body: typeof v2After, hash: string) => body.versions.find((v: { hash: string }) => v.hash === hash);
    expect(version(v2After, v2After.hash)).toMatchObject({ version: 3, current: true, inFlight: version(v2Before, v2After.hash).inFlight + 1 });
    expect(version(v2After, v1.hash)).toMatchObject({ version: 2, current: false, inFlight: expect.any(Number) });
    expect(version(v2After, v1.hash).inFlight).toBeGreaterThanOrEqual(1);
    expect(v2After.versions.filter((v: { current: boolean }) => v.current)).toHaveLength(1);
    expect(Date.parse(version(v2After, v1.hash).loadedAt)).not.toBeNaN();
  });
});
