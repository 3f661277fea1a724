import type { JsonObject } from '../common/json.js';
import type { CardAction, CardActionEntity, CardActionResult } from './card-action.entity.js';

/** A trail row as risk teams read it, in JSON and in the CSV export alike. */
export interface CardActionView {
  id: string;
  at: string;
  actor: string;
  origin: string;
  channel: string;
  action: CardAction;
  result: CardActionResult;
  cardRef: string | null;
  last4: string | null;
  customerRef: string;
  incidentId: string;
  effectId: string | null;
  reasonCode: string | null;
  evidence: JsonObject | null;
  keyId: string | null;
  reason: string | null;
  failureReason: string | null;
  coreRef: string | null;
  prevHash: string;
  hash: string;
}

export interface CardActionPage {
  items: CardActionView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export function toCardActionView({ seq: _seq, at, ...row }: CardActionEntity): CardActionView {
  return { ...row, at: at.toISOString() };
}
