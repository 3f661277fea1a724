/** The shape of a playbook file in `playbooks/`, after validation. */
export const LOCALES = ['en', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];
export type Localized = Record<Locale, string>;

export const MOODS = ['panicked', 'angry', 'confused'] as const;
export type Mood = (typeof MOODS)[number];

export interface ActionRef {
  type: string;
  params?: Record<string, unknown>;
}

export interface GuardRef {
  type: string;
  params?: Record<string, unknown>;
}

export interface TransitionDefinition {
  target?: string;
  primary?: boolean;
  label?: Localized;
  guard?: GuardRef;
  actions: ActionRef[];
  /** The engine's own transitions for this event, tried before this one (src/playbooks/ways-out.ts); never written in a file. */
  first?: TransitionDefinition[];
}

/** How the customer gets our words: heard on a call, or read in a chat. */
export const MEDIA = ['voice', 'chat'] as const;
export type Medium = (typeof MEDIA)[number];

/** Words for a customer in a given mood, where the default script would not land. */
export type CalmWords = Partial<Record<Mood, Localized>>;

export interface StepDefinition {
  title: Localized;
  /** Voice: words to be heard. */
  say: Localized;
  do: Localized;
  calm?: CalmWords;
  /** The step carries bad news or asks something of the customer: it needs calm words for every mood. */
  badNews?: boolean;
  /** Chat: words to be read; what is left out is the same as for voice. */
  chat?: { say: Localized; do?: Localized; calm?: CalmWords };
}

export interface StateDefinition {
  type?: 'final';
  /** Final states only: how the incident ends. */
  outcome?: 'resolved' | 'cancelled';
  step?: StepDefinition;
  on: Record<string, TransitionDefinition>;
}

export interface PlaybookDefinition {
  id: string;
  version: number;
  title: Localized;
  description: Localized;
  initial: string;
  /** Actions run when the incident opens (before the first step is shown). */
  entry: ActionRef[];
  /** Events handled in every state: reports from background jobs. */
  on: Record<string, TransitionDefinition>;
  states: Record<string, StateDefinition>;
}
