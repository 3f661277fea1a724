import type { DataSource } from 'typeorm';
import { LifelineError } from '../common/lifeline.error.js';
import type { CardCheck } from '../playbooks/catalog/incident-context.js';
import type { AuditChain } from './audit-chain.js';
import type { AuditKeys } from './audit-keys.js';
import { CardActionEntity, chainedJson } from './card-action.entity.js';
import { toCardActionView, type CardActionView } from './card-action.view.js';
import type { Checkpoint } from './checkpoints.js';

/** One incident as risk files it: what happened, every card action with its evidence, what the customer was told and promised, and the proof. */
export interface CaseFile {
  generatedAt: string;
  incident: { id: string; playbook: string; status: string; state: string; customerRef: string; channel: string; openedBy: string; openedAt: string; resolvedAt: string | null };
  /** The caller's word against core banking's on the cards: core banking down at open, a different last 4, a card not the customer's. Null when they agree. */
  cardCheck: CardCheck | null;
  timeline: { seq: number; at: string; type: string; actor: string; data: unknown }[];
  cardActions: CardActionView[];
  messages: { sentAt: string; channel: string; template: string; message: string }[];
  commitments: { kind: string; what: unknown; dueBy: string; owner: string; channel: string; status: string; metAt: string | null; breachedAt: string | null }[];
  /** Each disputed payment with its card, who disputed it and when, its refund-decision promise and the decision. */
  disputes: DisputeRecord[];
  proof: {
    /** Each of this incident's rows, on its chain of the trail, its link recomputed with the audit key. */
    rows: { seq: string; shard: number; id: string; keyId: string | null; prevHash: string; hash: string; linkHolds: boolean }[];
    /**
     * The latest validly signed checkpoint of each chain these rows are on: rows up to its lastSeq are covered by
     * its signature. `GET /v1/audit/verify` walks every chain whole.
     */
    checkpoints: Checkpoint[];
    /** Every row is covered by its chain's checkpoint. */
    coveredByCheckpoint: boolean;
  };
}

export interface DisputeRecord {
  id: string;
  incidentId: string;
  transactionId: string;
  card: { cardRef: string; last4: string | null };
  merchant: string;
  city: string;
  amount: string;
  currency: string;
  transactionAt: string;
  status: string;
  disputedAt: string;
  disputedBy: string;
  refundDecision: { commitmentId: string | null; dueBy: string | null; status: string | null };
  decidedAt: string | null;
  decidedBy: string | null;
}

/** The disputes rows as risk reads them, each with its refund-decision promise. */
export const DISPUTES_SELECT = `SELECT d.*, c.due_by AS decision_due_by, c.status AS decision_status FROM disputes d LEFT JOIN commitments c ON c.id = d.commitment_id`;

export function toDisputeRecord(d: Record<string, never>): DisputeRecord {
  return {
    id: d.id, incidentId: d.incident_id, transactionId: d.transaction_id, card: { cardRef: d.card_ref, last4: d.card_last4 }, merchant: d.merchant, city: d.city,
    amount: d.amount, currency: d.currency, transactionAt: iso(d.transaction_at)!, status: d.status, disputedAt: iso(d.disputed_at)!, disputedBy: d.disputed_by,
    refundDecision: { commitmentId: d.commitment_id, dueBy: iso(d.decision_due_by), status: d.decision_status }, decidedAt: iso(d.decided_at), decidedBy: d.decided_by,
  };
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export async function caseFile(dataSource: DataSource, chain: AuditChain, keys: AuditKeys, incidentId: string): Promise<CaseFile> {
  const [incident] = await dataSource.query(`SELECT * FROM incidents WHERE id = $1`, [incidentId]);
  if (!incident) throw new LifelineError('not_found', `No incident ${incidentId}`);
  const events = await dataSource.query(`SELECT seq, at, type, actor, data FROM incident_events WHERE incident_id = $1 ORDER BY seq`, [incidentId]);
  const rows = await dataSource.getRepository(CardActionEntity).find({ where: { incidentId }, order: { seq: 'ASC' } });
  const messages = await dataSource.query(`SELECT sent_at, channel, template, message FROM notifications WHERE incident_id = $1 ORDER BY sent_at`, [incidentId]);
  const commitments = await dataSource.query(`SELECT * FROM commitments WHERE incident_id = $1 ORDER BY created_at`, [incidentId]);
  const disputes = await dataSource.query(`${DISPUTES_SELECT} WHERE d.incident_id = $1 ORDER BY d.transaction_at, d.transaction_id`, [incidentId]);
  const latest = await chain.latestTrailCheckpoints();
  const checkpoints = [...new Set(rows.map((r) => r.shard))].sort((a, b) => a - b).flatMap((shard) => latest[shard] ?? []);
  const covered = (row: CardActionEntity) => checkpoints.some((c) => c.shard === row.shard && BigInt(row.seq) <= BigInt(c.lastSeq));
  return {
    generatedAt: new Date().toISOString(),
    incident: {
      id: incident.id, playbook: `${incident.playbook_id} v${incident.playbook_version}`, status: incident.status, state: incident.state, customerRef: incident.customer_ref,
      channel: incident.channel, openedBy: incident.opened_by, openedAt: iso(incident.opened_at)!, resolvedAt: iso(incident.resolved_at),
    },
    cardCheck: (incident.snapshot?.context?.cardCheck as CardCheck | undefined) ?? null,
    timeline: events.map((e: { seq: number; at: Date; type: string; actor: string; data: unknown }) => ({ seq: e.seq, at: iso(e.at)!, type: e.type, actor: e.actor, data: e.data })),
    cardActions: rows.map(toCardActionView),
    messages: messages.map((m: { sent_at: Date; channel: string; template: string; message: string }) => ({ sentAt: iso(m.sent_at)!, channel: m.channel, template: m.template, message: m.message })),
    commitments: commitments.map((c: Record<string, never>) => ({
      kind: c.kind, what: c.what, dueBy: iso(c.due_by)!, owner: c.owner, channel: c.channel, status: c.status, metAt: iso(c.met_at), breachedAt: iso(c.breached_at),
    })),
    disputes: disputes.map(toDisputeRecord),
    proof: {
      rows: rows.map((r) => ({ seq: r.seq, shard: r.shard, id: r.id, keyId: r.keyId, prevHash: r.prevHash, hash: r.hash, linkHolds: r.keyId !== null && keys.link(r.keyId, r.prevHash, chainedJson(r)) === r.hash })),
      checkpoints,
      coveredByCheckpoint: checkpoints.length > 0 && rows.every(covered),
    },
  };
}

const escape = (value: unknown) =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const table = (headers: string[], rows: unknown[][]) =>
  `<table><thead><tr>${headers.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((v) => `<td>${escape(typeof v === 'object' && v !== null ? JSON.stringify(v) : v)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;

/** The same case file as one printable page: everything escaped, no scripts, no outside resources. */
export function caseFileHtml(file: CaseFile): string {
  const i = file.incident;
  const proof = file.proof;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Case file ${escape(i.id)}</title>
<style>body{font:12px/1.4 sans-serif;margin:2em}table{border-collapse:collapse;width:100%;margin-bottom:1.5em}th,td{border:1px solid #999;padding:3px 5px;text-align:left;vertical-align:top;word-break:break-word}h2{margin-top:1.5em}@media print{h2{page-break-after:avoid}}</style>
</head><body>
<h1>Case file: incident ${escape(i.id)}</h1>
<p>Generated ${escape(file.generatedAt)}. Playbook ${escape(i.playbook)}, ${escape(i.status)} (${escape(i.state)}). Customer ${escape(i.customerRef)}, ${escape(i.channel)}, opened by ${escape(i.openedBy)} at ${escape(i.openedAt)}${i.resolvedAt ? `, resolved ${escape(i.resolvedAt)}` : ''}.</p>
${file.cardCheck ? `<h2>Cards: caller and core banking</h2>\n${table(['core banking answered', 'last 4 given differently', 'not the customer\'s'], [[file.cardCheck.pending ? 'NO' : 'yes', file.cardCheck.last4Mismatches, file.cardCheck.notTheCustomers]])}` : ''}
<h2>Card and credential actions</h2>
${table(['at', 'action', 'result', 'card', 'last 4', 'actor', 'reason code', 'core ref', 'failure', 'evidence'], file.cardActions.map((a) => [a.at, a.action, a.result, a.cardRef, a.last4, a.actor, a.reasonCode, a.coreRef, a.failureReason, a.evidence]))}
<h2>Timeline</h2>
${table(['#', 'at', 'event', 'actor', 'data'], file.timeline.map((e) => [e.seq, e.at, e.type, e.actor, e.data]))}
<h2>Messages sent</h2>
${table(['sent', 'channel', 'template', 'message'], file.messages.map((m) => [m.sentAt, m.channel, m.template, m.message]))}
<h2>Commitments</h2>
${table(['kind', 'what', 'due by', 'owner', 'channel', 'status', 'met', 'breached'], file.commitments.map((c) => [c.kind, c.what, c.dueBy, c.owner, c.channel, c.status, c.metAt, c.breachedAt]))}
<h2>Disputed payments</h2>
${table(['payment', 'card', 'merchant', 'amount', 'made at', 'disputed', 'by', 'decision due', 'status', 'decided', 'decided by'], file.disputes.map((d) => [d.transactionId, `${d.card.cardRef}${d.card.last4 ? ` (${d.card.last4})` : ''}`, `${d.merchant} (${d.city})`, `${d.amount} ${d.currency}`, d.transactionAt, d.disputedAt, d.disputedBy, d.refundDecision.dueBy, d.status, d.decidedAt, d.decidedBy]))}
<h2>Chain proof</h2>
<p>Each row's link is recomputed with the audit key below. These rows are ${proof.coveredByCheckpoint ? '' : '<strong>not yet</strong> '}covered by the signed checkpoints of their chains${proof.checkpoints.length > 0 ? ':' : ' (none yet).'}</p>
${proof.checkpoints.length > 0 ? table(['chain', 'signed at', 'rows', 'up to row', 'head', 'signature'], proof.checkpoints.map((c) => [c.shard, c.at, c.count, c.lastSeq, c.headHash, c.signature])) : ''}
${table(['row', 'chain', 'id', 'key id', 'previous hash', 'hash', 'link holds'], proof.rows.map((r) => [r.seq, r.shard, r.id, r.keyId, r.prevHash, r.hash, r.linkHolds ? 'yes' : 'NO']))}
</body></html>
`;
}
