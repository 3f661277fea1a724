import type { EffectEntity } from '../effects/effect.entity.js';
import type { EffectParams } from '../playbooks/catalog/effects.js';
import type { IncidentContext } from '../playbooks/catalog/incident-context.js';
import type { Locale } from '../playbooks/playbook.definition.js';
import { failureWords } from '../playbooks/words/reasons.js';
import { channelWords } from '../playbooks/words/spoken.js';
import { messageTitle } from '../notifications/message-templates.js';

/** Something Lifeline gave up on, in plain words: what failed and what the operator does now. */
export interface Attention {
  effectId: string;
  kind: EffectEntity['kind'];
  failed: string;
  sayToCustomer: string;
  doNow: string;
  since: string;
}

type Words = { failed: string; say: string; do: string };
/** en "ending 1111" / ru «с последними цифрами 1111», to follow "card" / «карты». */
const card = (p: { last4?: string }, locale: Locale = 'en') => (locale === 'ru' ? `с последними цифрами ${p.last4 ?? '????'}` : `ending ${p.last4 ?? '????'}`);

const WORDS: Partial<Record<EffectEntity['kind'], Record<Locale, (p: never, reason: string) => Words>>> = {
  blockCard: {
    en: (p: EffectParams['blockCard'], reason) => ({
      failed: `Core banking did not confirm the ${p.mode === 'freeze' ? 'freeze' : 'block'} of the card ${card(p)} (${reason}).`,
      say: 'I am blocking this card by phone with our card processing centre right now; it takes a minute.',
      do: 'Call the card-processing hotline and block the card by phone, then record their reference. A supervisor can also retry the block.',
    }),
    ru: (p: EffectParams['blockCard'], reason) => ({
      failed: `Процессинг не подтвердил ${p.mode === 'freeze' ? 'заморозку' : 'блокировку'} карты ${card(p, 'ru')} (${reason}).`,
      say: 'Я прямо сейчас блокирую эту карту через наш процессинговый центр по телефону, это займёт минуту.',
      do: 'Позвоните на горячую линию процессинга, заблокируйте карту по телефону и запишите номер обращения. Супервизор также может повторить блокировку.',
    }),
  },
  unblockCard: {
    en: (p: EffectParams['unblockCard'], reason) => ({
      failed: `Core banking did not switch the card ${card(p)} back on (${reason}).`,
      say: 'Your card is still safely frozen; switching it back on needs one more step on our side.',
      do: 'Ask a supervisor to retry, or tell the customer the card can be unfrozen at any branch.',
    }),
    ru: (p: EffectParams['unblockCard'], reason) => ({
      failed: `Процессинг не разморозил карту ${card(p, 'ru')} (${reason}).`,
      say: 'Ваша карта по-прежнему надёжно заморожена; чтобы снова её включить, нам нужен ещё один шаг.',
      do: 'Попросите супервизора повторить или предложите клиенту разморозить карту в любом отделении.',
    }),
  },
  revokeAppSessions: {
    en: (_: EffectParams['revokeAppSessions'], reason) => ({
      failed: `The banking app was not signed out on the lost phone (${reason}).`,
      say: 'I am asking our digital banking desk to sign your phone out right now.',
      do: 'Call the digital banking desk to end the app sessions by hand and record their reference; a supervisor can retry.',
    }),
    ru: (_: EffectParams['revokeAppSessions'], reason) => ({
      failed: `Не удалось завершить сессии приложения на утерянном телефоне (${reason}).`,
      say: 'Я прямо сейчас прошу службу дистанционного банкинга завершить все сеансы на вашем телефоне.',
      do: 'Позвоните в службу дистанционного банкинга, завершите сессии вручную и запишите номер обращения; супервизор может повторить.',
    }),
  },
  revokeWalletTokens: {
    en: (p: EffectParams['revokeWalletTokens'], reason) => ({
      failed: `The card ${card(p)} was not removed from mobile wallets (${reason}).`,
      say: 'Your card is frozen, so no one can pay with it; we are also removing it from the phone’s wallet.',
      do: 'Ask the digital banking desk to remove the wallet tokens by hand; a supervisor can retry.',
    }),
    ru: (p: EffectParams['revokeWalletTokens'], reason) => ({
      failed: `Карта ${card(p, 'ru')} не удалена из мобильных кошельков (${reason}).`,
      say: 'Карта заморожена, платить ею никто не сможет; мы также удаляем её из кошелька на телефоне.',
      do: 'Попросите службу дистанционного банкинга удалить токены вручную; супервизор может повторить.',
    }),
  },
  scheduleReissue: {
    en: (p: EffectParams['scheduleReissue'], reason) => ({
      failed: `The new card to replace the card ${card(p)} was not ordered (${reason}).`,
      say: 'Your new card needs one more check on our side; we will confirm the delivery date to you today.',
      do: 'Ask a supervisor to retry the order, or order the card manually in core banking.',
    }),
    ru: (p: EffectParams['scheduleReissue'], reason) => ({
      failed: `Новая карта вместо карты ${card(p, 'ru')} не заказана (${reason}).`,
      say: 'Заказ новой карты требует ещё одной проверки с нашей стороны; сегодня мы подтвердим вам дату доставки.',
      do: 'Попросите супервизора повторить заказ или оформите перевыпуск вручную в АБС.',
    }),
  },
  notifyCustomer: {
    en: (p: EffectParams['notifyCustomer'], reason) => ({
      failed: `The message "${messageTitle(p.template, 'en')}" did not reach the customer by ${channelWords(p.contactChannel, 'en')} (${reason}).`,
      say: 'Let me read the key points to you now, so you have them.',
      do: 'Read the commitments to the customer; a supervisor can retry the message.',
    }),
    ru: (p: EffectParams['notifyCustomer'], reason) => ({
      failed: `Сообщение «${messageTitle(p.template, 'ru')}» не дошло до клиента (${reason}).`,
      say: 'Давайте я прямо сейчас продиктую вам главное, чтобы у вас всё было под рукой.',
      do: 'Зачитайте клиенту обязательства банка; супервизор может повторить отправку.',
    }),
  },
  loadTransactions: {
    en: (_: EffectParams['loadTransactions'], reason) => ({
      failed: `Recent transactions could not be loaded (${reason}).`,
      say: 'Which recent payments do you not recognise? I will note each one.',
      do: 'Ask the customer and note the payments they do not recognise.',
    }),
    ru: (_: EffectParams['loadTransactions'], reason) => ({
      failed: `Не удалось загрузить последние операции (${reason}).`,
      say: 'Какие из недавних платежей вы не совершали? Я запишу каждый.',
      do: 'Спросите клиента и запишите операции, которые он не совершал.',
    }),
  },
  blockCardBatch: {
    en: (p: EffectParams['blockCardBatch'], reason) => ({
      failed: `Core banking did not confirm the blocks of batch ${p.batch} of the breach (${reason}).`,
      say: 'We are blocking your card with our card processing centre right now; your money is protected.',
      do: 'Ask a supervisor to retry the batch. If it fails again, send the batch\'s cards (on the audit trail, by incident) to card processing to block by hand.',
    }),
    ru: (p: EffectParams['blockCardBatch'], reason) => ({
      failed: `Процессинг не подтвердил блокировку карт из утечки, партия № ${p.batch} (${reason}).`,
      say: 'Мы прямо сейчас блокируем вашу карту через процессинговый центр; ваши деньги под защитой.',
      do: 'Попросите супервизора повторить партию. Если снова не удастся, передайте карты партии (в журнале аудита по инциденту) в процессинг для ручной блокировки.',
    }),
  },
  reissueCardBatch: {
    en: (p: EffectParams['reissueCardBatch'], reason) => ({
      failed: `The new cards of batch ${p.batch} of the breach were not ordered (${reason}).`,
      say: 'Your card is blocked and safe; we will confirm the date of your new card in a message.',
      do: 'Ask a supervisor to retry the batch, or order its cards manually in core banking.',
    }),
    ru: (p: EffectParams['reissueCardBatch'], reason) => ({
      failed: `Новые карты из утечки не заказаны, партия № ${p.batch} (${reason}).`,
      say: 'Ваша карта заблокирована и в безопасности; дату выпуска новой карты мы сообщим в сообщении.',
      do: 'Попросите супервизора повторить партию или оформите перевыпуск её карт вручную в АБС.',
    }),
  },
  notifyCustomersBatch: {
    en: (p: EffectParams['notifyCustomersBatch'], reason) => ({
      failed: `The messages of notice batch ${p.batch} did not go out (${reason}).`,
      say: 'Your card is blocked and a new one is on its way; let me give you the details now.',
      do: 'Ask a supervisor to retry the batch; customers who call meanwhile hear the script.',
    }),
    ru: (p: EffectParams['notifyCustomersBatch'], reason) => ({
      failed: `Сообщения не отправлены, партия уведомлений № ${p.batch} (${reason}).`,
      say: 'Ваша карта заблокирована, новая уже в пути; давайте я сразу расскажу подробности.',
      do: 'Попросите супервизора повторить партию; клиентам, которые звонят, зачитывайте текст шага.',
    }),
  },
};

/** Effects given up on whose problem still stands (a card blocked by phone meanwhile needs no attention). */
export function attentionFor(effects: EffectEntity[], context: IncidentContext): Attention[] {
  const statusOf = new Map(context.cards.map((c) => [c.cardRef, c.status]));
  const settled = (e: EffectEntity) => {
    const status = statusOf.get(e.params.cardRef);
    if (e.kind === 'blockCard') return status === 'blocked' || (e.params.mode === 'freeze' && status === 'frozen');
    if (e.kind === 'unblockCard') return status === 'active' || status === 'blocked';
    return false;
  };
  return effects
    .filter((e) => e.status === 'dead' && !settled(e))
    .flatMap((e) => {
      const words = WORDS[e.kind]?.[context.locale];
      if (!words) return [];
      const w = words(e.params as never, failureWords(e.lastError ?? 'no answer', context.locale));
      return [{ effectId: e.id, kind: e.kind, failed: w.failed, sayToCustomer: w.say, doNow: w.do, since: e.updatedAt.toISOString() }];
    });
}
