import { cardList as spokenCards, FALLBACK_TIME_ZONE, spokenTime } from '../words/spoken.js';
import { breachBatches, type BreachStage, type IncidentContext, type IncidentEvent } from './incident-context.js';

interface GuardArgs {
  context: IncidentContext;
  event: IncidentEvent;
}

export interface GuardSpec {
  check: (args: GuardArgs) => boolean;
  /** Said to the operator (and in the 422) when the guard holds the step back, in the incident's language. */
  explain: (args: GuardArgs) => string;
}

/** The operator reads these in the incident's language, with cards named as they are said aloud. */
/** An incident opened while core banking was down, with no card named: the list is still to come. */
const awaitingCardList = (context: IncidentContext) => context.cards.length === 0 && context.cardCheck?.pending === true;
const say = (context: IncidentContext, en: string, ru: string) => (context.locale === 'ru' ? ru : en);

const cardList = (context: IncidentContext, status: string) =>
  spokenCards(
    context.cards.filter((c) => c.status === status),
    context.locale,
  ) || say(context, 'none', 'нет');

/** Every batch of a breach stage has reported, done or given up: the stage is over and its numbers are final. */
const breachStageOver = (stage: BreachStage, doing: { en: string; ru: string }): GuardSpec => ({
  check: ({ context }) => context.breach !== undefined && context.breach.reported[stage].length >= breachBatches(context.breach, stage),
  explain: ({ context }) => {
    if (!context.breach) return say(context, 'This incident is not a merchant breach', 'Это обращение не об утечке данных у продавца');
    const [reported, of] = [context.breach.reported[stage].length, breachBatches(context.breach, stage)];
    return say(context, `Still ${doing.en}: ${reported} of ${of} batches have reported`, `Ещё идёт ${doing.ru}: отчитались ${reported} из ${of} пакетов`);
  },
});

/** A card's or credential's state, as the operator reads it in the guard's explanation. */
const STATE_WORDS: Record<string, { en: string; ru: string }> = {
  'not requested': { en: 'not requested', ru: 'не запрошено' },
  revoking: { en: 'revoking', ru: 'отзываются' },
  revoke_failed: { en: 'failed', ru: 'не удалось' },
  active: { en: 'active', ru: 'действует' },
  freezing: { en: 'freezing', ru: 'блокируется' },
  freeze_failed: { en: 'freeze failed', ru: 'блокировка не удалась' },
  blocked: { en: 'blocked', ru: 'заблокирована' },
  blocking: { en: 'blocking', ru: 'блокируется' },
  block_failed: { en: 'block failed', ru: 'блокировка не удалась' },
  unfreezing: { en: 'unfreezing', ru: 'разблокируется' },
  unfreeze_failed: { en: 'unfreeze failed', ru: 'разблокировка не удалась' },
};

/** Conditions a playbook may put on a transition, by name. */
export const GUARDS = {
  /** A callback timer moves the step only if it is for the time still promised, not one since replaced. */
  callbackStillDue: {
    check: ({ context, event }) => typeof event.data.at === 'string' && event.data.at === context.callbackAt,
    explain: ({ context }) => {
      const now = context.callbackAt ? spokenTime(context.callbackAt, context.locale, context.timeZone ?? FALLBACK_TIME_ZONE) : '';
      return say(context, `This callback time was replaced${now ? ` by ${now}` : ''}`, `Время звонка уже изменено${now ? `: теперь ${now}` : ''}`);
    },
  },
  allCardsBlocked: {
    // No card yet because core banking has not listed them is not "every card blocked".
    check: ({ context }) => !awaitingCardList(context) && context.cards.every((c) => c.status === 'blocked'),
    explain: ({ context }) =>
      awaitingCardList(context)
        ? say(
            context,
            "Core banking has not listed the customer's cards yet: name the cards the customer knows by their last 4, or wait until core banking answers",
            'Банковская система ещё не прислала список карт клиента: добавьте карты, которые клиент знает, по последним цифрам, или дождитесь ответа системы',
          )
        : say(
        context,
        `Not every card is blocked yet (still blocking: ${cardList(context, 'blocking')}; failed: ${cardList(context, 'block_failed')})`,
        `Ещё не все карты заблокированы (блокируются: ${cardList(context, 'blocking')}; не удалось: ${cardList(context, 'block_failed')})`,
      ),
  },
  allCardsFrozen: {
    check: ({ context }) => !awaitingCardList(context) && context.cards.every((c) => c.status === 'frozen'),
    explain: ({ context }) =>
      say(
        context,
        `Not every card is frozen yet (still freezing: ${cardList(context, 'freezing')}; failed: ${cardList(context, 'freeze_failed')})`,
        `Ещё не все карты временно заблокированы (блокируются: ${cardList(context, 'freezing')}; не удалось: ${cardList(context, 'freeze_failed')})`,
      ),
  },
  allCardsUnfrozen: {
    check: ({ context }) => context.cards.every((c) => c.status === 'active'),
    explain: ({ context }) =>
      say(
        context,
        `Not every card is switched back on yet (still unfreezing: ${cardList(context, 'unfreezing')}; failed: ${cardList(context, 'unfreeze_failed')})`,
        `Ещё не все карты снова работают (разблокируются: ${cardList(context, 'unfreezing')}; не удалось: ${cardList(context, 'unfreeze_failed')})`,
      ),
  },
  phoneLockedOut: {
    check: ({ context }) =>
      context.appSessions === 'revoked' && context.cards.every((c) => c.walletTokens === 'revoked' && c.status === 'frozen'),
    explain: ({ context }) => {
      const { locale } = context;
      const named = (c: IncidentContext['cards'][number]) => spokenCards([c], locale);
      const state = (status: string | null | undefined) => STATE_WORDS[status ?? 'not requested']?.[locale] ?? status ?? '';
      const waiting = [
        context.appSessions === 'revoked' ? '' : `${say(context, 'app sign-out', 'выход из приложения')} ${state(context.appSessions)}`,
        ...context.cards.filter((c) => c.walletTokens !== 'revoked').map((c) => `${say(context, 'wallet tokens of', 'токены кошелька для карты')} ${named(c)} ${state(c.walletTokens)}`),
        ...context.cards.filter((c) => c.status !== 'frozen').map((c) => `${named(c)} ${state(c.status)}`),
      ].filter(Boolean);
      return say(context, `The stolen phone is not locked out yet (${waiting.join('; ')})`, `Украденный телефон ещё не отключён от счетов (${waiting.join('; ')})`);
    },
  },
  breachBlocksReported: breachStageOver('block', { en: 'blocking', ru: 'блокировка' }),
  breachReissuesReported: breachStageOver('reissue', { en: 'ordering new cards', ru: 'заказ новых карт' }),
  breachNoticesReported: breachStageOver('notify', { en: 'notifying customers', ru: 'рассылка клиентам' }),
  /** This unanswered call is the last the bank makes (CALLBACK_MAX_UNREACHABLE_ATTEMPTS, kept in the context at open). */
  unreachableLimitReached: {
    check: ({ context }) => (context.unreachableAttempts ?? 0) + 1 >= (context.maxUnreachableAttempts ?? 3),
    explain: ({ context }) =>
      say(context, `The customer has missed ${context.unreachableAttempts ?? 0} calls; we call again`, `Клиент не ответил на ${context.unreachableAttempts ?? 0} звонка; звоним ещё раз`),
  },
  someCardBlockFailed: {
    check: ({ context }) => context.cards.some((c) => c.status === 'block_failed'),
    explain: ({ context }) => say(context, 'No card block has failed', 'Ни одна блокировка не сорвалась'),
  },
  reissueDeliveryAllowed: {
    check: ({ context, event }) =>
      event.data.delivery === 'branch'
        ? typeof event.data.branchId === 'string' && event.data.branchId.length > 0
        : context.identityVerified === true && (event.data.delivery === 'addressOnFile' || (typeof event.data.address === 'string' && event.data.address.length > 0)),
    explain: ({ context, event }) =>
      event.data.delivery === 'branch'
        ? say(context, 'Delivery to a branch needs branchId', 'Для выдачи в отделении укажите отделение')
        : context.identityVerified !== true
          ? say(context, 'Identity was not verified: new cards can only go to a branch, where the customer shows ID', 'Личность не подтверждена: новые карты можно выдать только в отделении, по документу')
          : say(context, 'Delivery to an address needs address', 'Для доставки укажите адрес'),
  },
} satisfies Record<string, GuardSpec>;

export type GuardName = keyof typeof GUARDS;
