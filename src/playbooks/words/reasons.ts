import type { Locale } from '../playbook.definition.js';

/**
 * Why something failed, for a view in the incident's language. Core banking and the notification
 * gateway answer in English; a Russian view says what kind of failure it was (the full text stays in the audit trail).
 */
const KINDS: [RegExp, Record<Locale, string>][] = [
  [/^not sent, as it would state/, { en: 'not sent', ru: 'не отправлено: в сообщении было бы то, чего нет' }],
  [/time(d)?[ -]?out|no answer/i, { en: 'no answer in time', ru: 'нет ответа вовремя' }],
  [/unavailable|ECONNREFUSED|ECONNRESET|fetch failed|socket|5\d\d/i, { en: 'the system is unavailable', ru: 'система недоступна' }],
  [/not[ _-]?found|404/i, { en: 'not found', ru: 'не найдено' }],
  [/declin|refus|reject|not allowed|invalid|4\d\d/i, { en: 'the request was refused', ru: 'запрос отклонён' }],
];

export function failureWords(reason: string, locale: Locale): string {
  if (locale === 'en') return reason;
  return KINDS.find(([pattern]) => pattern.test(reason))?.[1].ru ?? 'техническая ошибка, подробности в журнале аудита';
}
