import { BlockCardHandler } from '../core-banking/block-card.handler.js';
import { HttpCoreBankingAdapter } from '../core-banking/http-core-banking.adapter.js';
import { AppConfig } from '../config/app-config.js';
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
const config = Object.assign(new AppConfig(), { CARD_PROCESSING_HOTLINE: '+7 495 111-22-33', FRAUD_DESK_PHONE: '+7 495 444-55-66' });
for (const handler of [new BlockCardHandler(handlers, coreBanking, config), new UnblockCardHandler(handlers, coreBanking), new RevokeWalletTokensHandler(handlers, coreBanking)]) handler.onModuleInit();

describe('attention: what Lifeline gave up on, in plain words', () => {
  it('names the card and says what to do, with the numbers to call from config, in the incident language', () => {
    const en = attentionFor([effect('blockCard', { cardRef: 'c1', last4: '4242', mode: 'block' })], context('en', { c1: 'block_failed' }), handlers)!;
    expect(en.items.map((a) => a.failed)).toEqual(['Core banking did not confirm the block of the card ending 4242 (core banking unavailable).']);
    expect(en.say).toBe('The block of your card ending 0001 is not confirmed yet. I am doing it again right now, by phone with our card processing centre if needed, and I will tell you as soon as it is done.');
    expect(en.do).toContain('call card processing on +7 495 111-22-33');
    expect(en.do).toContain('call the fraud desk on +7 495 444-55-66');
    const ru = attentionFor([effect('blockCard', { cardRef: 'c1', last4: '4242', mode: 'freeze' })], context('ru', { c1: 'freeze_failed' }), handlers)!;
    // Core banking answers in English: a Russian view says what kind of failure it was, in Russian.
    expect(ru.items[0].failed).toBe('Процессинг не подтвердил заморозку карты с последними цифрами 4242 (система недоступна).');
    expect(ru.say).toMatch(/^Заморозка карты с последними цифрами 0001 пока не подтверждена\./);
    expect(ru.do).toContain('+7 495 111-22-33');
  });

  it('drops a failure that has since been dealt with, and ignores effects still running', () => {
    const effects = [
      effect('blockCard', { cardRef: 'c1', last4: '0001', mode: 'block' }),
      effect('blockCard', { cardRef: 'c2', last4: '0002', mode: 'block' }),
      effect('unblockCard', { cardRef: 'c3', last4: '0003' }),
      effect('revokeWalletTokens', { cardRef: 'c2', last4: '0002' }, 'running'),
    ];
    const open = attentionFor(effects, context('en', { c1: 'blocked', c2: 'block_failed', c3: 'unfreeze_failed' }), handlers)!;
    expect(open.items.map((a) => a.effectId)).toEqual(['blockCard-c2', 'unblockCard-c3']);
    expect(attentionFor(effects.slice(0, 1), context('en', { c1: 'blocked' }), handlers)).toBeNull();
  });

  it('speaks with one voice: the gravest problem, every card still unprotected, and nothing false', () => {
    const effects = [
      effect('revokeWalletTokens', { cardRef: 'c1', last4: '0001' }),
      effect('blockCard', { cardRef: 'c1', last4: '0001', mode: 'freeze' }),
      effect('blockCard', { cardRef: 'c2', last4: '0002', mode: 'freeze' }),
      effect('unblockCard', { cardRef: 'c3', last4: '0003' }),
    ];
    const now = attentionFor(effects, context('en', { c1: 'freeze_failed', c2: 'freeze_failed', c3: 'unfreeze_failed' }), handlers)!;
    expect(now.items).toHaveLength(4);
    // The failed freezes outrank the rest, and both cards are in the one line; no "your card is frozen" for a freeze that failed.
    expect(now.say).toBe('The freeze of your cards ending 0001 and 0002 is not confirmed yet. I am doing it again right now, by phone with our card processing centre if needed, and I will tell you as soon as it is done.');
    expect(now.do).toMatch(/^Core banking did not confirm the freeze of the cards ending 0001 and 0002\. Retry it once\./);
    expect(`${now.say} ${now.do}`).not.toMatch(/is frozen|still safely frozen/);

    // The wallet tokens alone, on a card whose freeze failed: not called frozen either.
    const tokens = attentionFor(effects.slice(0, 1), context('en', { c1: 'freeze_failed' }), handlers)!;
    expect(tokens.say).toBe('We are removing your card from the phone’s wallet right now.');
    expect(attentionFor(effects.slice(0, 1), context('en', { c1: 'frozen' }), handlers)!.say).toMatch(/^Your card is frozen/);
  });
});
