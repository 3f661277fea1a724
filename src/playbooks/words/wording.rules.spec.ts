import { parse } from 'yaml';
import { validatePlaybook } from '../playbook.validator.js';
import { PLAYBOOKS_DIR } from '../playbook.loader.js';
import { cardCount, cardList, russianPlural } from './spoken.js';
import { checkPlaybookWording, checkWording, forbiddenPhrasesFile, loadForbiddenPhrases, WordingOptions } from './wording.rules.js';

const options: WordingOptions = { phrases: loadForbiddenPhrases(forbiddenPhrasesFile(PLAYBOOKS_DIR)), maxEnglishWords: 12 };
const ru = (text: string, extra: Partial<Parameters<typeof checkWording>[0]> = {}) => checkWording({ where: 'here', locale: 'ru', text, ...extra }, options);
const en = (text: string, extra: Partial<Parameters<typeof checkWording>[0]> = {}) => checkWording({ where: 'here', locale: 'en', text, ...extra }, options);

describe('wording rules', () => {
  it('catches Latin words in a Russian text, but lets brand names and core banking product names through', () => {
    expect(ru('Транзакции loaded (phone)')).toEqual(['here: `ru` text has words in Latin letters: loaded, phone']);
    expect(ru('Пришлём код по SMS, введите PIN')).toEqual(['here: `ru` text has words in Latin letters: SMS, PIN']);
    expect(ru('Карта Visa Classic и Apple Pay в порядке')).toEqual([]);
    expect(ru('Карта Mastercard Kids Prepaid с последними цифрами 1111', { names: ['Mastercard Kids Prepaid'] })).toEqual([]);
    expect(ru('Карта Mastercard Kids Prepaid с последними цифрами 1111')).toEqual(['here: `ru` text has words in Latin letters: Kids, Prepaid']);
  });

  it('catches a number next to «карт-» in the wrong plural form, 11–14 and 21 included', () => {
    expect(ru('Заблокировано 5 карты')).toEqual(['here: `ru` «5 карты»: after 5 say «5 карт»']);
    expect(ru('Блокирую 2 карт')).toEqual(['here: `ru` «2 карт»: after 2 say «2 карты»']);
    expect(ru('У вас 11 карта')).toEqual(['here: `ru` «11 карта»: after 11 say «11 карт»']);
    expect(ru('У вас 21 карт')).toEqual(['here: `ru` «21 карт»: after 21 say «21 карта»']);
    expect(ru('1 карту, 3 карты, 12 карт, 22 карты, 25 карт, 101 карта, по 2 картам')).toEqual([]);
  });

  it('catches an English script over the word limit, and only scripts', () => {
    const long = 'We are blocking every one of your cards right now, and it takes a few seconds.';
    expect(en(long, { script: true })).toEqual(['here: `en` script has 16 words, more than 12']);
    expect(en(long)).toEqual([]);
  });

  it('catches a forbidden phrase in either language, in any of its forms, and chat-only phrases in chat', () => {
    expect(ru('Я из службы безопасности вашего банка')).toEqual(['here: `ru` text has a forbidden phrase «служб* безопасности»']);
    expect(ru('Продиктуйте код из СМС')).toEqual(['here: `ru` text has a forbidden phrase «продиктуйте код»']);
    expect(en("I am calling from your bank's security team")).toEqual(['here: `en` text has a forbidden phrase «security team»']);
    expect(ru('Давайте вместе сделаем вдох')).toEqual(['here: `ru` text has a forbidden phrase «сделаем вдох»']);
    expect(en('Please stay on the line.', { chat: true })).toEqual([
      'here: `en` text has a forbidden phrase «stay on the line»',
      'here: `en` text has a forbidden phrase «on the line»',
    ]);
    expect(en('Please stay on the line.')).toEqual([]);
  });

  describe('on a playbook', () => {
    const yaml = (step: string) => `
id: tiny
version: 1
title: { en: Tiny, ru: Маленький }
description: { en: A tiny playbook, ru: Маленький сценарий }
initial: first
states:
  first:
    step:
${step}
    on:
      CALL_ENDED: { target: done, primary: true, label: { en: End the call, ru: Завершить звонок } }
  done: { type: final, outcome: resolved }
`;
    const problems = (step: string) => {
      const { definition, problems: invalid } = validatePlaybook(parse(yaml(step)));
      expect(invalid).toEqual([]);
      return checkPlaybookWording(definition!, options);
    };
    const words = `      title: { en: Hello, ru: Приветствие }
      say: { en: Hello., ru: Здравствуйте. }
      do: { en: Greet., ru: Поздоровайтесь. }`;

    it('catches a step without chat words', () => {
      expect(problems(words)).toEqual(['state first step: has no `chat` words (a chat is read, not heard)']);
      expect(problems(`${words}\n      chat: { say: { en: Hello., ru: Здравствуйте. } }`)).toEqual([]);
    });

    it('catches a bad-news step without calm words for every mood', () => {
      const chat = '      chat: { say: { en: Sorry., ru: Извините. } }';
      const calm = '      calm:\n        panicked: { en: It is safe., ru: Всё в безопасности. }';
      expect(problems(`${words}\n      badNews: true\n${chat}\n${calm}`)).toEqual(['state first step: carries bad news but has no calm words for angry, confused']);
    });

    it('checks the chat words and labels too', () => {
      expect(problems(`${words}\n      chat: { say: { en: Please stay on the line., ru: Оставайтесь на линии. } }`)).toEqual([
        'state first step chat say: `en` text has a forbidden phrase «stay on the line»',
        'state first step chat say: `en` text has a forbidden phrase «on the line»',
        'state first step chat say: `ru` text has a forbidden phrase «оставайтесь на линии»',
        'state first step chat say: `ru` text has a forbidden phrase «на линии»',
      ]);
    });
  });
});

describe('words said aloud', () => {
  it('picks the Russian plural form by the last two digits', () => {
    const forms = [1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111].map((n) => `${n} ${russianPlural(n, 'карта', 'карты', 'карт')}`);
    expect(forms).toEqual(['1 карта', '2 карты', '4 карты', '5 карт', '11 карт', '12 карт', '14 карт', '21 карта', '22 карты', '25 карт', '101 карта', '111 карт']);
    expect([1, 3, 5].map((n) => cardCount(n, 'en'))).toEqual(['1 card', '3 cards', '5 cards']);
  });

  it('names cards by product and last digits, and by the digits alone where core banking gave no product', () => {
    const cards = [{ last4: '7808', product: 'Visa Classic' }, { last4: '5630' }, { last4: '8011' }];
    expect(cardList(cards, 'en')).toBe('Visa Classic ending 7808 and cards ending 5630 and 8011');
    expect(cardList(cards, 'ru')).toBe('Visa Classic с последними цифрами 7808 и с последними цифрами 5630 и 8011');
    expect(cardList([{ last4: '7808' }], 'en')).toBe('card ending 7808');
  });
});
