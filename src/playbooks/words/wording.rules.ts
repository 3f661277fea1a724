import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Locale, LOCALES, MOODS, PlaybookDefinition } from '../playbook.definition.js';
import { russianPlural } from './spoken.js';

/** Words as a listener hears them: punctuation and dashes are not words, a `{placeholder}` is one. */
function countWords(text: string): number {
  return text.split(/\s+/).filter((token) => /[\p{L}\p{N}{]/u.test(token)).length;
}

/**
 * Rules for the words themselves (playbooks/STYLE.md): run on the YAML by `playbooks:check` and,
 * by the wording test, on every rendered step, timeline line, attention line and customer message.
 */

/** Latin words a Russian text may carry: brand and product names as printed on the card or phone. */
export const LATIN_ALLOWED_IN_RUSSIAN = ['Visa', 'Mastercard', 'Mir', 'Classic', 'Gold', 'Platinum', 'Apple', 'Google', 'Samsung', 'Pay', 'Lifeline'];

export interface ForbiddenPhrases {
  anywhere: Record<Locale, string[]>;
  chat: Record<Locale, string[]>;
}

/** The bank's list lives beside the playbooks, in a folder of its own so it is never read as a playbook. */
export function forbiddenPhrasesFile(playbooksDir: string): string {
  return join(playbooksDir, 'wording', 'forbidden-phrases.yaml');
}

export function loadForbiddenPhrases(file: string): ForbiddenPhrases {
  const raw = parse(readFileSync(file, 'utf8')) as Partial<ForbiddenPhrases>;
  const list = (x: unknown): string[] => (Array.isArray(x) ? x.map(String) : []);
  return {
    anywhere: { en: list(raw.anywhere?.en), ru: list(raw.anywhere?.ru) },
    chat: { en: list(raw.chat?.en), ru: list(raw.chat?.ru) },
  };
}

/** One text to check: where it is (for the message), its language, and whether it is read in a chat. */
export interface Wording {
  where: string;
  locale: Locale;
  text: string;
  chat?: boolean;
  /** Words that came from core banking (product names): allowed as they are. */
  names?: string[];
  /** Counted against the word limit: a script the customer hears or reads. */
  script?: boolean;
}

export interface WordingOptions {
  phrases: ForbiddenPhrases;
  maxEnglishWords: number;
}

/** Russian forms of «карта» after a number, per plural category (any case the sentence needs). */
const CARD_FORMS = {
  one: ['карта', 'карту', 'карты', 'карте', 'картой'],
  few: ['карты', 'картам', 'картами', 'картах'],
  many: ['карт', 'картам', 'картами', 'картах'],
};

export function checkWording(w: Wording, options: WordingOptions): string[] {
  const problems: string[] = [];
  const text = w.text.replace(/\{\w+\}/g, ' ');
  const fail = (message: string) => problems.push(`${w.where}: \`${w.locale}\` ${message}`);

  if (w.locale === 'ru') {
    let plain = text;
    for (const name of w.names ?? []) plain = plain.split(name).join(' ');
    const latin = (plain.match(/[A-Za-z]+(?:['-][A-Za-z]+)*/g) ?? []).filter((word) => !LATIN_ALLOWED_IN_RUSSIAN.includes(word));
    if (latin.length > 0) fail(`text has words in Latin letters: ${[...new Set(latin)].join(', ')}`);

    for (const m of text.matchAll(/(?<![\d.,])(\d+)\s+(карт\p{L}*)/giu)) {
      const n = Number(m[1]);
      const forms = russianPlural(n, 'one', 'few', 'many') as keyof typeof CARD_FORMS;
      if (!CARD_FORMS[forms].includes(m[2].toLowerCase())) fail(`«${m[1]} ${m[2]}»: after ${n} say «${n} ${russianPlural(n, 'карта', 'карты', 'карт')}»`);
    }
  }
  if (w.locale === 'en' && w.script) {
    const words = countWords(w.text);
    if (words > options.maxEnglishWords) fail(`script has ${words} words, more than ${options.maxEnglishWords}`);
  }
  const lists = [...options.phrases.anywhere[w.locale], ...(w.chat ? options.phrases.chat[w.locale] : [])];
  for (const phrase of lists) if (phraseRegExp(phrase).test(w.text)) fail(`text has a forbidden phrase «${phrase}»`);
  return problems;
}

function phraseRegExp(phrase: string): RegExp {
  const pattern = phrase
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\p{L}*');
  return new RegExp(`(?<!\\p{L})${pattern}(?!\\p{L})`, 'iu');
}

/** The rules on a playbook's own text (voice scripts' length is playbook.lint's): every step has chat words, every bad-news step calm words for every mood. */
export function checkPlaybookWording(def: PlaybookDefinition, options: WordingOptions): string[] {
  const problems: string[] = [];
  const texts: Wording[] = [];
  for (const locale of LOCALES) {
    texts.push({ where: 'playbook title', locale, text: def.title[locale] }, { where: 'playbook description', locale, text: def.description[locale] });
    for (const [event, t] of Object.entries(def.on)) if (t.label) texts.push({ where: `playbook on ${event} label`, locale, text: t.label[locale] });
  }
  for (const [name, state] of Object.entries(def.states)) {
    const step = state.step;
    if (!step || state.type === 'final') continue;
    const at = `state ${name} step`;
    if (!step.chat) problems.push(`${at}: has no \`chat\` words (a chat is read, not heard)`);
    if (step.badNews) {
      const missing = MOODS.filter((mood) => !step.calm?.[mood]);
      if (missing.length > 0) problems.push(`${at}: carries bad news but has no calm words for ${missing.join(', ')}`);
    }
    for (const locale of LOCALES) {
      texts.push({ where: `${at} title`, locale, text: step.title[locale] });
      texts.push({ where: `${at} say`, locale, text: step.say[locale] });
      texts.push({ where: `${at} do`, locale, text: step.do[locale] });
      for (const [mood, calm] of Object.entries(step.calm ?? {})) texts.push({ where: `${at} calm ${mood}`, locale, text: calm[locale] });
      if (step.chat) {
        texts.push({ where: `${at} chat say`, locale, text: step.chat.say[locale], script: true, chat: true });
        if (step.chat.do) texts.push({ where: `${at} chat do`, locale, text: step.chat.do[locale], chat: true });
        for (const [mood, calm] of Object.entries(step.chat.calm ?? {})) texts.push({ where: `${at} chat calm ${mood}`, locale, text: calm[locale], script: true, chat: true });
      }
    }
    for (const [event, t] of Object.entries(state.on)) {
      for (const locale of LOCALES) if (t.label) texts.push({ where: `state ${name} on ${event} label`, locale, text: t.label[locale] });
    }
  }
  for (const w of texts) problems.push(...checkWording(w, options));
  return problems;
}
