import { readFileSync } from 'node:fs';
import type { IncidentView } from '../../src/incidents/incident.view.js';
import { TestOidcProvider } from '../support/oidc-provider.js';
import { bearer, eventually, uniqueCustomer } from '../support/test-app.js';
import { signedInContext, startConsoleRig, type ConsoleRig } from './browser.js';

interface CoreCard {
  cardRef: string;
  last4: string;
  product: string;
  status: string;
}

/**
 * The console's start form, live list, OIDC sign-in and the supervisor's, risk's and designer's tools, in Debian's
 * chromium against the real service configured as a bank would: the identity provider's OIDC beside the dev sign-in.
 */
describe('the console: starting, the live list, OIDC sign-in and the other screens', () => {
  let rig: ConsoleRig;
  let provider: TestOidcProvider;

  beforeAll(async () => {
    provider = await TestOidcProvider.start();
    // A grace of 0: a promise not kept by its time raises its supervisor alert at once.
    rig = await startConsoleRig({ OIDC_ISSUER_URL: provider.issuer, OIDC_AUDIENCE: 'lifeline', OIDC_CLIENT_ID: 'lifeline-console', COMMITMENT_GRACE_MS: '0' });
  });
  afterAll(async () => {
    await rig?.close();
    await provider?.close();
  });

  const operator = bearer(['operator'], 'op-anna');
  const api = (id: string) => rig.t.http().get(`/v1/incidents/${id}`).set('Authorization', operator);
  const send = async (id: string, type: string, data: Record<string, unknown> = {}) =>
    (await rig.t.http().post(`/v1/incidents/${id}/events`).set('Authorization', operator).send({ type, data }).expect(200)).body as IncidentView;
  const coreCards = async (customerRef: string) => ((await (await fetch(`${rig.t.simulator.url}/v1/customers/${customerRef}/cards`)).json()) as { cards: CoreCard[] }).cards;

  it('shows the customer’s cards from core banking as the operator types the ref, and opens on the ones ticked', async () => {
    const customerRef = uniqueCustomer('ui-start');
    const cards = await coreCards(customerRef);
    expect(cards.length).toBeGreaterThan(1);
    const page = await (await signedInContext(rig, 'op-anna', ['operator'])).newPage();
    await page.goto(`${rig.base}/console/`);
    await page.locator('input[name=customerRef]:focus').waitFor();
    await page.keyboard.type(customerRef);
    const shown = page.locator('[data-customer-card]');
    await shown.nth(cards.length - 1).waitFor();
    expect(await shown.count()).toBe(cards.length);
    for (const card of cards) {
      const row = page.locator(`[data-customer-card="${card.cardRef}"]`);
      expect(await row.textContent()).toContain(`${card.product} •••• ${card.last4}`);
      expect(await row.getAttribute('data-status')).toBe(card.status);
    }
    // The customer still has the last card with them: the operator leaves it out.
    const kept = cards[cards.length - 1];
    await page.locator(`[data-customer-card="${kept.cardRef}"] input`).uncheck();
    await page.getByRole('button', { name: 'Open the incident' }).click();
    await page.locator('article[data-step="reassure"]').waitFor({ timeout: 15_000 });

    const view = (await api(page.url().split('/').pop()!).expect(200)).body as IncidentView;
    expect(view.customerRef).toBe(customerRef);
    expect(view.cards.map((c) => c.cardRef).sort()).toEqual(
      cards
        .filter((c) => c !== kept)
        .map((c) => c.cardRef)
        .sort(),
    );
    await page.context().close();
  });

  it('says so when core banking does not know the customer', async () => {
    const page = await (await signedInContext(rig, 'op-anna', ['operator'])).newPage();
    await page.goto(`${rig.base}/console/`);
    await page.locator('input[name=customerRef]:focus').waitFor();
    await page.keyboard.type('nobody-at-this-bank');
    await page.getByRole('alert').filter({ hasText: 'Core banking does not know customer nobody-at-this-bank' }).waitFor();
    expect(await page.locator('[data-customer-card]').count()).toBe(0);
    await page.context().close();
  });

  it('shows an incident another operator opens through the API in the search list, without a reload', async () => {
    const customerRef = uniqueCustomer('ui-live');
    const page = await (await signedInContext(rig, 'op-boris', ['operator'])).newPage();
    const streams: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/v1/incidents/stream')) streams.push(r.headers()['authorization'] ?? '');
    });
    await page.goto(`${rig.base}/console/`);
    await page.locator('input[name=searchCustomerRef]').fill(customerRef);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('No incidents match.').waitFor();
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));

    const opened = (
      await rig.t.http().post('/v1/incidents').set('Authorization', operator).send({ playbook: 'lost-card', customerRef, channel: 'phone', locale: 'en' }).expect(201)
    ).body as IncidentView;
    const row = page.locator(`tr[data-incident="${opened.id}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain(customerRef);
    // And it follows the incident's step as Anna moves it on.
    const before = await row.textContent();
    await send(opened.id, 'CUSTOMER_READY');
    await row.filter({ hasNotText: before! }).waitFor({ timeout: 15_000 });
    expect(navigations).toEqual([]);
    expect(streams.length).toBeGreaterThan(0);
    expect(streams.every((a) => a.startsWith('Bearer '))).toBe(true);
    await page.context().close();
  });

  it('signs in through the bank’s identity provider (code + PKCE) and lands signed in with the token’s roles', async () => {
    provider.user = { sub: 'sup-olga', roles: ['supervisor', 'risk'] };
    const context = await rig.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    await page.goto(`${rig.base}/console/`);
    await page.getByRole('button', { name: 'Sign in with the bank’s identity provider' }).click();
    await page.getByText('Signed in as').waitFor({ timeout: 15_000 });
    expect(refused).toEqual([]);
    expect(new URL(page.url()).pathname).toBe('/console/supervision');
    expect(await page.locator('header').textContent()).toContain('sup-olga');
    await page.locator('section.figures').waitFor(); // the overview answered the provider's token
    expect(provider.exchanges.at(-1)?.verified).toBe(true);

    const session = JSON.parse((await page.evaluate(`sessionStorage.getItem('lifeline.session')`)) as string) as { token: string; sub: string; roles: string[] };
    expect({ sub: session.sub, roles: [...session.roles].sort() }).toEqual({ sub: 'sup-olga', roles: ['risk', 'supervisor'] });
    expect(JSON.parse(Buffer.from(session.token.split('.')[0], 'base64url').toString())).toMatchObject({ alg: 'RS256' });
    // The provider trades a code only for the verifier of its challenge.
    const code = new URL(
      (await (
        await fetch(
          `${provider.issuer}/authorize?${new URLSearchParams({ response_type: 'code', client_id: 'lifeline-console', redirect_uri: `${rig.base}/console/callback`, state: 's', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' })}`,
          { redirect: 'manual' },
        )
      ).headers.get('location'))!,
    ).searchParams.get('code')!;
    const wrong = await fetch(`${provider.issuer}/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: `${rig.base}/console/callback`,
        client_id: 'lifeline-console',
        code_verifier: 'not-the-verifier',
      }),
    });
    expect(wrong.status).toBe(400);
    await context.close();
  });

  it('lets a supervisor acknowledge a broken promise', async () => {
    const customerRef = uniqueCustomer('ui-alert');
    const card = (await coreCards(customerRef))[0];
    const { id } = (
      await rig.t
        .http()
        .post('/v1/incidents')
        .set('Authorization', operator)
        .send({ playbook: 'lost-card', customerRef, channel: 'phone', cards: [{ cardRef: card.cardRef, last4: card.last4 }] })
        .expect(201)
    ).body as IncidentView;
    await send(id, 'CUSTOMER_READY');
    await send(id, 'IDENTITY_VERIFIED');
    await eventually(async () => ((await api(id)).body as IncidentView).cards.every((c) => c.status === 'frozen'), 'the freeze');
    await send(id, 'FREEZE_CONFIRMED');
    await send(id, 'STILL_SEARCHING', { at: new Date(Date.now() + 300).toISOString(), contactChannel: 'sms' });
    await send(id, 'CALL_ENDED');
    const supervisor = bearer(['supervisor'], 'sup-vera');
    const openAlert = async () =>
      ((await rig.t.http().get('/v1/alerts?status=open').set('Authorization', supervisor).expect(200)).body.alerts as { id: string; incident: { id: string } }[]).find(
        (a) => a.incident.id === id,
      );
    const alert = await eventually(openAlert, 'the broken callback’s alert', 30_000);

    const page = await (await signedInContext(rig, 'sup-vera', ['supervisor'])).newPage();
    await page.goto(`${rig.base}/console/supervision`);
    const item = page.locator(`li[data-alert="${alert.id}"]`);
    await item.getByRole('button', { name: 'Acknowledge' }).click();
    await item.waitFor({ state: 'detached' });
    await page.getByTestId('live-region').filter({ hasText: 'Acknowledge' }).waitFor();
    const acknowledged = (
      (await rig.t.http().get('/v1/alerts?status=acknowledged').set('Authorization', supervisor).expect(200)).body.alerts as { id: string; acknowledgedBy: string }[]
    ).filter((a) => a.id === alert.id);
    expect(acknowledged).toEqual([expect.objectContaining({ id: alert.id, acknowledgedBy: 'sup-vera' })]);
    await page.context().close();
  });

  it('downloads the card-action trail as CSV for risk, with its header row and the incident’s blocks', async () => {
    const customerRef = uniqueCustomer('ui-csv');
    const { id } = (await rig.t.http().post('/v1/incidents').set('Authorization', operator).send({ playbook: 'stolen-wallet', customerRef, channel: 'phone' }).expect(201))
      .body as IncidentView;
    await send(id, 'CUSTOMER_READY');
    await send(id, 'IDENTITY_VERIFIED');
    const view = await eventually(async () => {
      const v = (await api(id)).body as IncidentView;
      return v.cards.every((c) => c.status === 'blocked') && v;
    }, 'the blocks');
    const exported = (
      await rig.t
        .http()
        .get(`/v1/audit/card-actions?incidentId=${id}`)
        .set('Authorization', bearer(['risk'], 'risk-rita'))
        .set('Accept', 'text/csv')
        .expect(200)
    ).text;

    const page = await (await signedInContext(rig, 'risk-rita', ['risk'])).newPage();
    await page.goto(`${rig.base}/console/risk`);
    await page.locator('input[name=incidentId]').fill(id);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('card-actions.csv');
    const lines = readFileSync(await download.path(), 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe(exported.split(/\r?\n/)[0]);
    expect(lines[0]).toMatch(/cardRef/);
    const blocks = lines.slice(1).filter((l) => /,block,/.test(l) && /succeeded/.test(l));
    expect(blocks).toHaveLength(view.cards.length);
    for (const card of view.cards) expect(blocks.filter((l) => l.includes(card.cardRef))).toHaveLength(1);
    await page.context().close();
  });

  it('rehearses a playbook from the designer’s screen: the steps that would follow, nothing executed', async () => {
    const page = await (await signedInContext(rig, 'op-anna', ['operator'])).newPage();
    const incidentsBefore = (await rig.t.http().get('/v1/incidents?limit=1').set('Authorization', operator).expect(200)).body.counts.total as number;
    await page.goto(`${rig.base}/console/playbooks`);
    await page.getByLabel('Playbook').selectOption('stolen-wallet');
    await page.locator('table.steps').waitFor();
    await page.locator('textarea[name=events]').fill('CUSTOMER_READY\nIDENTITY_VERIFIED\nCARD_FOUND');
    await page.getByRole('button', { name: 'Rehearse' }).click();
    const steps = page.locator('ol.rehearsal li');
    await steps.nth(2).waitFor();
    const expected = (
      await rig.t
        .http()
        .post('/v1/playbooks/stolen-wallet/simulate')
        .set('Authorization', operator)
        .send({ events: [{ type: 'CUSTOMER_READY' }, { type: 'IDENTITY_VERIFIED' }, { type: 'CARD_FOUND' }], locale: 'en' })
        .expect(200)
    ).body as { steps: { accepted: boolean; step: { title: string } | null; state: string }[] };
    const texts = await steps.allTextContents();
    expect(texts).toHaveLength(expected.steps.length);
    expected.steps.forEach((s, i) => expect(texts[i]).toContain(s.step?.title ?? s.state));
    expect(texts[0]).toContain('CUSTOMER_READY — accepted');
    expect(texts[1]).toContain('blockCard');
    expect(texts[2]).toContain('CARD_FOUND — refused');
    expect((await rig.t.http().get('/v1/incidents?limit=1').set('Authorization', operator).expect(200)).body.counts.total).toBe(incidentsBefore);
    await page.context().close();
  });
});
