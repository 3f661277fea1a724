import type { IncidentContext } from '../playbooks/catalog/incident-context.js';
import type { Locale } from '../playbooks/playbook.definition.js';

type Template = (context: IncidentContext) => string;

const cards = (c: IncidentContext) => c.cards.map((card) => `•••• ${card.last4}`).join(', ');

/** What the customer reads. Short, calm, and never more than the last 4 digits of a card. */
const TEMPLATES: Record<string, Record<Locale, Template>> = {
  'incident-summary': {
    en: (c) => `Your cards ${cards(c)} are blocked; no one can use them. New cards are on their way.${c.callbackAt ? ` We will call you back at ${c.callbackAt}.` : ''}`,
    ru: (c) => `Ваши карты ${cards(c)} заблокированы, ими никто не сможет воспользоваться. Новые карты уже заказаны.${c.callbackAt ? ` Мы перезвоним вам ${c.callbackAt}.` : ''}`,
  },
  'emergency-cash': {
    en: () => 'Emergency cash: show your passport or this message at any partner office; the code arrives in a separate message.',
    ru: () => 'Экстренные наличные: покажите паспорт или это сообщение в любом офисе-партнёре; код придёт отдельным сообщением.',
  },
  'missed-callback': {
    en: () => 'We tried to call you about your blocked cards. We will try again in 30 minutes, or call us any time.',
    ru: () => 'Мы пытались дозвониться вам по поводу заблокированных карт. Перезвоним через 30 минут — или позвоните нам в любое время.',
  },
};

export function renderMessage(template: string, locale: Locale, context: IncidentContext): string {
  const render = TEMPLATES[template]?.[locale];
  if (!render) throw new Error(`No message template ${template}`);
  return render(context);
}
