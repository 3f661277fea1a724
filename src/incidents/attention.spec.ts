import { BlockCardHandler } from '../core-banking/block-card.handler.js';
import { HttpCoreBankingAdapter } from '../core-banking/http-core-banking.adapter.js';
import { RevokeWalletTokensHandler } from '../core-banking/revoke-wallet-tokens.handler.js';
import { UnblockCardHandler } from '../core-banking/unblock-card.handler.js';
import { EffectHandlers } from '../effects/effect-handlers.js';
import { EffectEntity } from '../effects/effect.entity.js';
import { initialContext, type IncidentContext } from '../playbooks/catalog/incident-context.js';
import { attentionFor } from './attention.js';

const effect = (kind: EffectEntity['kind'], params: Record<string, unknown>, status: EffectEntity['status'] = 'dead') =>
  Object.assign(new EffectEntity(), { id: `${kind}-${String(params.cardRef)}`, kind, params, status, lastError: 'core banking unavailable', updatedAt: new Date('2026-11-23T10:00:00Z') });

const context = (locale: 'en' | 'ru', statuses: Record<string, IncidentContext['cards'][number]['status']>): IncidentContext => {
  const base = initialContext({
    customerRef: 'cust-1',
    locale,
    contactChannel: 'sms',
    openedAt: '2026-11-23T09:00:00Z',
    cards: Object.keys(statuses).map((cardRef, i) => ({ cardRef, last4: `000${i + 1}` })),
  });
  return { ...base, cards: base.cards.map((c) => ({ ...c, status: statuses[c.cardRef] })) };
};

/** The handlers whose words are read here; attention never calls core banking, so the adapter points nowhere. */
const handlers = new EffectHandlers();
const coreBanking = new HttpCoreBankingAdapter('http://127.0.0.1:9', { timeoutMs: 1 });
for (const handler of [new BlockCardHandler(handlers, coreBanking), new UnblockCardHandler(handlers, coreBanking), new RevokeWalletTokensHandler(handlers, coreBanking)]) handler.onModuleInit();

describe('attention: what Lifeline gave up on, in plain words', () => {
  it('names the card and says what to do, in the incident language', () => {
    const [en] = attentionFor([effect('blockCard', { cardRef: 'c1', last4: '4242', mode: 'block' })], context('en', { c1: 'block_failed' }), handlers);
    expect(en.failed).toBe('Core banking did not confirm the block of the card ending 4242 (core banking unavailable).');
    expect(en.doNow).toMatch(/card-processing hotline/);
    const [ru] = attentionFor([effect('blockCard', { cardRef: 'c1', last4: '4242', mode: 'freeze' })], context('ru', { c1: 'freeze_failed' }), handlers);
    // Core banking answers in English: a Russian view says what kind of failure it was, in Russian.
    expect(ru.failed).toBe('Процессинг не подтвердил заморозку карты с последними цифрами 4242 (система недоступна).');
  });

  it('drops a failure that has since been dealt with, and ignores effects still running', () => {
    const effects = [
      effect('blockCard', { cardRef: 'c1', last4: '0001', mode: 'block' }),
      effect('blockCard', { cardRef: 'c2', last4: '0002', mode: 'block' }),
      effect('unblockCard', { cardRef: 'c3', last4: '0003' }),
      effect('revokeWalletTokens', { cardRef: 'c2', last4: '0002' }, 'running'),
    ];
    const open = attentionFor(effects, context('en', { c1: 'blocked', c2: 'block_failed', c3: 'unfreeze_failed' }), handlers);
    expect(open.map((a) => a.effectId)).toEqual(['blockCard-c2', 'unblockCard-c3']);
  });
});
