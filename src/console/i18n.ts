import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/** The console's own words (its "chrome"), in the operator's chosen language. Scripts come from the API in the incident's language. */
const WORDS = {
  en: {
    appName: 'Lifeline console', signIn: 'Sign in', signOut: 'Sign out', signedInAs: 'Signed in as', language: 'Language',
    devSignIn: 'Development sign-in', devSignInNote: 'Only for local use: the service offers it when CONSOLE_DEV_SIGNIN=true.',
    operatorId: 'Your id', role: 'Role', signInWithBank: 'Sign in with the bank’s identity provider', signingIn: 'Signing in…',
    noSignIn: 'No sign-in is configured for this service.',
    operator: 'Operator', supervisor: 'Supervisor', risk: 'Risk', designer: 'Playbooks', screens: 'Screens',
    startIncident: 'Start an incident', customerRef: 'Customer ref', playbook: 'Playbook', channel: 'Channel',
    incidentLocale: 'Customer’s language', contactChannel: 'Customer wants to hear from us by', open: 'Open the incident',
    myIncidents: 'My incidents', search: 'Search', findIncidents: 'Find incidents', last4: 'Card last 4', status: 'Status', any: 'Any',
    noIncidents: 'No incidents match.', openedAt: 'Opened', step: 'Step', assignedTo: 'Assigned to', nobody: 'nobody',
    say: 'Say', do: 'Do', alternatives: 'If something else happens', primaryHint: 'Enter', moodLabel: 'How the customer sounds',
    moods: { calm: 'Calm', panicked: 'Panicked', angry: 'Angry', confused: 'Confused' } as Record<string, string>,
    attention: 'Needs your attention', tellCustomer: 'Tell the customer', doNow: 'Do now', cardCheck: 'Cards: check with core banking',
    cards: 'Cards', transactions: 'Recent transactions', commitments: 'Commitments', liability: 'Liability clock', timeline: 'Timeline',
    suspicious: 'suspicious', disputed: 'disputed', due: 'due', customerTime: 'customer’s time',
    cardStatus: { active: 'Active', blocking: 'Blocking…', blocked: 'Blocked', block_failed: 'Block failed', freezing: 'Freezing…', frozen: 'Frozen', freeze_failed: 'Freeze failed', unfreezing: 'Switching on…', unfreeze_failed: 'Switch-on failed' } as Record<string, string>,
    resolved: 'This incident is resolved.', cancelled: 'This incident is cancelled.', back: 'Back to incidents',
    stale: 'Someone else moved this incident on. The screen shows the current step; what you typed is kept.',
    required: 'Required', fixFields: 'Please complete the highlighted fields.', noChoices: 'Nothing to choose from yet.', choose: 'Choose…', assignToMe: 'Assign to me',
    stepChanged: 'New step', cardNow: 'Card', live: 'Live updates',
    openIncidents: 'Open incidents', age: 'Age', toFirstAction: 'To first protective action', toBlock: 'To block',
    alerts: 'Promises at risk or broken', acknowledge: 'Acknowledge', deadEffects: 'What Lifeline gave up on', retry: 'Retry',
    operatorsLoad: 'Operators’ load', today: 'Today', opened: 'Incidents opened', medianToBlock: 'Median time to block',
    commitmentsKept: 'Commitments kept on time', csat: 'Customer satisfaction', responses: 'responses', none: 'None',
    cardActions: 'Card actions', from: 'From', to: 'To', cardRef: 'Card ref', actor: 'Actor', action: 'Action', result: 'Result',
    incidentId: 'Incident id', downloadCsv: 'Download CSV', verifyChain: 'Verify the chain', chainOk: 'The chain is intact',
    chainBroken: 'The chain is broken at row', checked: 'rows checked', incidentRecord: 'One incident’s full record', show: 'Show',
    at: 'At', reason: 'Reason', coreRef: 'Core banking ref', more: 'More',
    diagram: 'Diagram', stepsBothLanguages: 'Steps in both languages', rehearsal: 'Rehearsal', rehearsalEvents: 'Events, one per line (TYPE or TYPE {json})',
    rehearse: 'Rehearse', accepted: 'accepted', refused: 'refused', effects: 'effects',
    customerCards: 'The customer’s cards at core banking', noCards: 'Core banking holds no cards for this customer.',
    error: 'Something went wrong', loading: 'Loading…',
  },
  ru: {
    appName: 'Консоль Lifeline', signIn: 'Войти', signOut: 'Выйти', signedInAs: 'Вы вошли как', language: 'Язык',
    devSignIn: 'Вход для разработки', devSignInNote: 'Только для локальной работы: сервис предлагает его при CONSOLE_DEV_SIGNIN=true.',
    operatorId: 'Ваш идентификатор', role: 'Роль', signInWithBank: 'Войти через систему входа банка', signingIn: 'Выполняется вход…',
    noSignIn: 'Для этого сервиса не настроен вход.',
    operator: 'Оператор', supervisor: 'Супервизор', risk: 'Риски', designer: 'Сценарии', screens: 'Экраны',
    startIncident: 'Начать инцидент', customerRef: 'Идентификатор клиента', playbook: 'Сценарий', channel: 'Канал',
    incidentLocale: 'Язык клиента', contactChannel: 'Как клиенту сообщать новости', open: 'Открыть инцидент',
    myIncidents: 'Мои инциденты', search: 'Найти', findIncidents: 'Поиск инцидентов', last4: 'Последние 4 цифры карты', status: 'Статус', any: 'Любой',
    noIncidents: 'Инцидентов не найдено.', openedAt: 'Открыт', step: 'Шаг', assignedTo: 'Ответственный', nobody: 'никто',
    say: 'Скажите', do: 'Сделайте', alternatives: 'Если что-то пошло иначе', primaryHint: 'Enter', moodLabel: 'Состояние клиента',
    moods: { calm: 'Спокоен', panicked: 'В панике', angry: 'Раздражён', confused: 'Растерян' } as Record<string, string>,
    attention: 'Требует вашего внимания', tellCustomer: 'Скажите клиенту', doNow: 'Сделайте сейчас', cardCheck: 'Карты: сверка с банковской системой',
    cards: 'Карты', transactions: 'Последние операции', commitments: 'Договорённости', liability: 'Сроки ответственности', timeline: 'Хронология',
    suspicious: 'подозрительная', disputed: 'оспорена', due: 'срок', customerTime: 'время клиента',
    cardStatus: { active: 'Активна', blocking: 'Блокируется…', blocked: 'Заблокирована', block_failed: 'Блокировка не удалась', freezing: 'Замораживается…', frozen: 'Заморожена', freeze_failed: 'Заморозка не удалась', unfreezing: 'Размораживается…', unfreeze_failed: 'Разморозка не удалась' } as Record<string, string>,
    resolved: 'Инцидент решён.', cancelled: 'Инцидент отменён.', back: 'К списку инцидентов',
    stale: 'Инцидент продвинул другой сотрудник. На экране текущий шаг; введённое вами сохранено.',
    required: 'Обязательно', fixFields: 'Заполните отмеченные поля.', noChoices: 'Пока не из чего выбрать.', choose: 'Выберите…', assignToMe: 'Взять на себя',
    stepChanged: 'Новый шаг', cardNow: 'Карта', live: 'Обновления в реальном времени',
    openIncidents: 'Открытые инциденты', age: 'Возраст', toFirstAction: 'До первой защиты', toBlock: 'До блокировки',
    alerts: 'Обещания под угрозой или нарушены', acknowledge: 'Принять', deadEffects: 'Что Lifeline не удалось сделать', retry: 'Повторить',
    operatorsLoad: 'Загрузка операторов', today: 'Сегодня', opened: 'Открыто инцидентов', medianToBlock: 'Медиана до блокировки',
    commitmentsKept: 'Обещания выполнены вовремя', csat: 'Удовлетворённость клиентов', responses: 'ответов', none: 'Нет',
    cardActions: 'Действия с картами', from: 'С', to: 'По', cardRef: 'Карта', actor: 'Кто', action: 'Действие', result: 'Результат',
    incidentId: 'Идентификатор инцидента', downloadCsv: 'Скачать CSV', verifyChain: 'Проверить цепочку', chainOk: 'Цепочка не нарушена',
    chainBroken: 'Цепочка нарушена на записи', checked: 'записей проверено', incidentRecord: 'Полная запись инцидента', show: 'Показать',
    at: 'Когда', reason: 'Причина', coreRef: 'Номер в банковской системе', more: 'Ещё',
    diagram: 'Схема', stepsBothLanguages: 'Шаги на обоих языках', rehearsal: 'Репетиция', rehearsalEvents: 'События, по одному в строке (TYPE или TYPE {json})',
    rehearse: 'Прогнать', accepted: 'принято', refused: 'отклонено', effects: 'действия',
    customerCards: 'Карты клиента в банковской системе', noCards: 'В банковской системе нет карт этого клиента.',
    error: 'Что-то пошло не так', loading: 'Загрузка…',
  },
} as const;

export type Lang = keyof typeof WORDS;
export type Words = (typeof WORDS)['en'];
export const wordsFor = (lang: Lang): Words => WORDS[lang] as Words;

export const LangContext = createContext<Lang>('en');
export const useWords = (): Words => wordsFor(useContext(LangContext));
export const useLang = (): Lang => useContext(LangContext);

export function formatTime(iso: string | null, lang: Lang, timeZone?: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

export function formatDuration(ms: number | null): string {
  if (ms === null || ms === undefined) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
