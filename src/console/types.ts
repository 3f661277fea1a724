/** The shapes the console reads from the API (see the README's API section). */
import type { FieldView } from '../playbooks/catalog/field-rules.js';

/** A step's field, with its rules: the console checks a draft by the service's own rules (field-rules.ts). */
export type Field = FieldView;
export interface Action {
  event: string;
  label: string;
  fields: Field[];
}
export interface Attention {
  effectId: string;
  kind: string;
  failed: string;
  since: string;
}
export interface Step {
  id: string;
  title: string;
  say: string;
  do: string;
  primary: Action | null;
  alternatives: Action[];
  /** What failed; while any stands, `say` and `do` above already speak for it (one voice). */
  attention: Attention[];
}
export interface Commitment {
  what: string;
  dueBy: string | null;
  owner: string;
  channel: string;
  status: string;
}
export interface IncidentView {
  id: string;
  playbook: { id: string; version: number };
  status: 'open' | 'resolved' | 'cancelled';
  state: string;
  version: number;
  customerRef: string;
  channel: string;
  locale: 'en' | 'ru';
  /** The customer's time zone (absent from older services). */
  timeZone?: string;
  contactChannel: string;
  notifiedAt: string;
  openedAt: string;
  resolvedAt: string | null;
  assignedTo?: string | null;
  step: Step | null;
  cards: { cardRef: string; last4: string; status: string; blockedAt: string | null }[];
  /** The caller's word against core banking's on the cards; null when they agree. */
  cardCheck?: { pending: boolean; notes: { do: string }[] } | null;
  transactions: { id: string; at: string; amount: number; currency: string; merchant: string; city: string; suspicious: boolean; disputed: boolean; cardLast4?: string | null }[];
  commitments: Commitment[];
  liability: { jurisdiction: string; name: string; notifiedAt: string; deadlines: { rule: string; what: string; by: string; status: string }[] };
  timeline: { at: string; type: string; actor: string; summary: string }[];
}
export interface IncidentSummary {
  id: string;
  playbook: { id: string; version: number };
  status: string;
  state: string;
  stepTitle: string | null;
  customerRef: string;
  openedAt: string;
  assignedTo: string | null;
  attention: boolean;
  callbackDueAt: string | null;
  timeToFirstProtectiveActionMs: number | null;
  timeToBlockMs: number | null;
  cardCount: number;
}
export interface IncidentPage {
  items: IncidentSummary[];
  nextCursor: string | null;
  counts: { total: number; byStatus: Record<string, number> };
}
export type Localized = { en: string; ru: string };
export interface PlaybookSummary {
  id: string;
  version: number;
  title?: Localized | string;
}

/** A card as core banking holds it now (`GET /v1/customers/:customerRef/cards`). */
export interface CustomerCard {
  cardRef: string;
  last4: string;
  product: string;
  status: 'active' | 'frozen' | 'blocked';
}
