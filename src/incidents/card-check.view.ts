import type { CardCheck, IncidentContext } from '../playbooks/catalog/incident-context.js';
import type { Locale } from '../playbooks/playbook.definition.js';

/** What the operator is shown about the caller's word against core banking's on the cards; absent when they agree. */
export interface CardCheckView {
  /** Core banking has not answered for the cards yet: they are as the caller named them (or none). */
  pending: boolean;
  last4Mismatches: CardCheck['last4Mismatches'];
  notTheCustomers: CardCheck['notTheCustomers'];
  /**
   * One line per flag, in the incident's language: what it means and what the operator does. Never a line to say:
   * the customer hears one voice, the step's (or, when something failed, its attention's).
   */
  notes: { do: string }[];
}

const WORDS = {
  en: {
    pendingDo: (hotline: string) =>
      `Core banking is not answering, so the cards are not confirmed. Call the card-processing hotline on ${hotline}, block the cards by phone and record their reference. Lifeline asks core banking again and blocks any card still active once it answers.`,
    mismatch: (m: CardCheck['last4Mismatches'][number]) =>
      `The caller gave last 4 ${m.stated} for card ${m.cardRef}; core banking says ${m.last4}, which is kept. Confirm the card with the customer.`,
    notTheirs: (c: CardCheck['notTheCustomers'][number]) =>
      `Core banking does not list the card ending ${c.last4} (${c.cardRef}) for this customer: it stays protected; tell the fraud desk.`,
  },
  ru: {
    pendingDo: (hotline: string) =>
      `Банковская система не отвечает, карты не подтверждены. Позвоните на горячую линию процессинга по номеру ${hotline}, заблокируйте карты по телефону и запишите номер обращения. Lifeline повторит запрос и заблокирует карты, которые ещё активны, как только система ответит.`,
    mismatch: (m: CardCheck['last4Mismatches'][number]) =>
      `Клиент назвал последние цифры ${m.stated} для карты ${m.cardRef}, а банковская система — ${m.last4}; сохранены цифры из системы. Уточните карту у клиента.`,
    notTheirs: (c: CardCheck['notTheCustomers'][number]) =>
      `Банковская система не числит карту с последними цифрами ${c.last4} (${c.cardRef}) за этим клиентом: карта остаётся под защитой, сообщите в отдел по борьбе с мошенничеством.`,
  },
} satisfies Record<Locale, unknown>;

/** `cardProcessingHotline`: the number the operator calls (config `CARD_PROCESSING_HOTLINE`). */
export function describeCardCheck(context: IncidentContext, cardProcessingHotline: string): CardCheckView | null {
  const check = context.cardCheck;
  if (!check || (!check.pending && check.last4Mismatches.length === 0 && check.notTheCustomers.length === 0)) return null;
  const w = WORDS[context.locale];
  const notes = [
    ...(check.pending ? [{ do: w.pendingDo(cardProcessingHotline) }] : []),
    ...check.last4Mismatches.map((m) => ({ do: w.mismatch(m) })),
    ...check.notTheCustomers.map((c) => ({ do: w.notTheirs(c) })),
  ];
  return { pending: check.pending, last4Mismatches: check.last4Mismatches, notTheCustomers: check.notTheCustomers, notes };
}
