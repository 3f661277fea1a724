import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LifelineError } from '../common/lifeline.error.js';
import type { IncidentSnapshot } from '../playbooks/playbook.engine.js';
import { renderStep } from '../playbooks/guidance.js';
import { PlaybookRegistry } from '../playbooks/playbook-registry.js';
import type { IncidentFiltersDto, IncidentQueryDto, IncidentSort } from './dto/incident-query.dto.js';
import type { IncidentStatus } from './incident.entity.js';

/** One line of the incident list: enough to pick the incident, see what is at risk and how fast the cards were stopped. */
export interface IncidentSummary {
  id: string;
  playbook: { id: string; version: number };
  status: IncidentStatus;
  state: string;
  /** The step's title in the incident's locale; null once it is closed. */
  stepTitle: string | null;
  customerRef: string;
  channel: string;
  locale: string;
  version: number;
  openedAt: string;
  updatedAt: string;
  openedBy: string;
  assignedTo: string | null;
  /** A given-up effect or an open supervisor alert. */
  attention: boolean;
  /** The earliest callback promised and not yet made. */
  callbackDueAt: string | null;
  firstProtectiveActionAt: string | null;
  timeToFirstProtectiveActionMs: number | null;
  /** From opening until every card was blocked or frozen; null while one still works. */
  timeToBlockMs: number | null;
  cardCount: number;
}

export interface IncidentPage {
  items: IncidentSummary[];
  nextCursor: string | null;
  counts: { total: number; byStatus: Record<IncidentStatus, number> };
}

/** Who is asking: `me` in a filter is their token subject. */
export interface Asker {
  sub: string;
}

interface SummaryRow {
  id: string;
  playbook_id: string;
  playbook_version: number;
  playbook_hash: string;
  status: IncidentStatus;
  state: string;
  snapshot: IncidentSnapshot;
  customer_ref: string;
  channel: string;
  locale: string;
  version: number;
  opened_at: Date;
  updated_at: Date;
  opened_by: string;
  assigned_to: string | null;
  first_protective_action_at: Date | null;
  attention: boolean;
  callback_due_at: Date | null;
  sort_key: string;
}

const SORT_COLUMN: Record<IncidentSort, { column: string; descending: boolean }> = {
  openedAt: { column: 'opened_at', descending: false },
  '-openedAt': { column: 'opened_at', descending: true },
  updatedAt: { column: 'updated_at', descending: false },
  '-updatedAt': { column: 'updated_at', descending: true },
};

const ATTENTION = `(EXISTS (SELECT 1 FROM effects e WHERE e.incident_id = i.id AND e.status = 'dead')
  OR EXISTS (SELECT 1 FROM supervisor_alerts a WHERE a.incident_id = i.id AND a.status = 'open'))`;
const CALLBACK_DUE = `(SELECT min(c.due_by) FROM commitments c
  WHERE c.incident_id = i.id AND c.kind = 'callback' AND c.status IN ('open', 'breached') AND c.met_at IS NULL)`;
/** A timestamptz as PostgreSQL prints it, microseconds kept (a millisecond Date would skip or repeat rows). */
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Finding incidents again: by customer, card, owner, what needs attention, with stable cursor pages. */
@Injectable()
export class IncidentSearch {
  constructor(
    private readonly dataSource: DataSource,
    private readonly playbooks: PlaybookRegistry,
  ) {}

  async page(query: IncidentQueryDto, asker: Asker): Promise<IncidentPage> {
    const { column, descending } = SORT_COLUMN[query.sort];
    const where = this.where(query, asker);
    const countParams = [...where.params];
    const conditions = [...where.conditions];
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor, query.sort);
      where.params.push(at, id);
      conditions.push(`(i.${column}, i.id) ${descending ? '<' : '>'} ($${where.params.length - 1}::timestamptz, $${where.params.length}::uuid)`);
    }
    where.params.push(query.limit + 1);
    const direction = descending ? 'DESC' : 'ASC';
    const [rows, [counts]] = await Promise.all([
      this.dataSource.query(
        `${this.select(column)} ${clause(conditions)} ORDER BY i.${column} ${direction}, i.id ${direction} LIMIT $${where.params.length}`,
        where.params,
      ) as Promise<SummaryRow[]>,
      this.dataSource.query(
        `SELECT count(*)::int AS total,
                count(*) FILTER (WHERE i.status = 'open')::int AS open,
                count(*) FILTER (WHERE i.status = 'resolved')::int AS resolved,
                count(*) FILTER (WHERE i.status = 'cancelled')::int AS cancelled
           FROM incidents i ${clause(where.conditions)}`,
        countParams,
      ) as Promise<{ total: number; open: number; resolved: number; cancelled: number }[]>,
    ]);
    const more = rows.length > query.limit;
    const shown = more ? rows.slice(0, query.limit) : rows;
    const last = shown.at(-1);
    return {
      items: await Promise.all(shown.map((r) => this.summarize(r))),
      nextCursor: more && last ? encodeCursor(query.sort, last.sort_key, last.id) : null,
      counts: { total: counts.total, byStatus: { open: counts.open, resolved: counts.resolved, cancelled: counts.cancelled } },
    };
  }

  /** The summaries of these incidents (any order), for the supervisor's overview. */
  async summaries(filters: IncidentFiltersDto, asker: Asker, limit: number): Promise<IncidentSummary[]> {
    const where = this.where(filters, asker);
    where.params.push(limit);
    const rows: SummaryRow[] = await this.dataSource.query(`${this.select('opened_at')} ${clause(where.conditions)} ORDER BY i.opened_at, i.id LIMIT $${where.params.length}`, where.params);
    return Promise.all(rows.map((r) => this.summarize(r)));
  }

  /** Whether one incident matches the filters now (the list's live stream asks on each change). */
  async matches(incidentId: string, filters: IncidentFiltersDto, asker: Asker): Promise<boolean> {
    const where = this.where(filters, asker);
    where.params.push(incidentId);
    where.conditions.push(`i.id = $${where.params.length}`);
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM incidents i ${clause(where.conditions)}`, where.params);
    return rows.length > 0;
  }

  private select(sortColumn: string): string {
    return `SELECT i.id, i.playbook_id, i.playbook_version, i.playbook_hash, i.status, i.state, i.snapshot, i.customer_ref, i.channel,
                   i.locale, i.version, i.opened_at, i.updated_at, i.opened_by, i.assigned_to, i.first_protective_action_at,
                   ${ATTENTION} AS attention, ${CALLBACK_DUE} AS callback_due_at,
                   i.${sortColumn}::text AS sort_key
              FROM incidents i`;
  }

  private where(filters: IncidentFiltersDto, asker: Asker): { conditions: string[]; params: unknown[] } {
    checkFilters(filters);
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      conditions.push(sql(`$${params.length}`));
    };
    if (filters.status?.length) add((p) => `i.status = ANY(${p})`, filters.status);
    if (filters.playbook) add((p) => `i.playbook_id = ${p}`, filters.playbook);
    if (filters.customerRef) add((p) => `i.customer_ref = ${p}`, filters.customerRef);
    if (filters.last4) add((p) => `EXISTS (SELECT 1 FROM jsonb_array_elements(i.snapshot->'context'->'cards') card WHERE card->>'last4' = ${p})`, filters.last4);
    if (filters.openedBy) add((p) => `i.opened_by = ${p}`, asker.sub);
    if (filters.assignedTo) add((p) => `i.assigned_to = ${p}`, filters.assignedTo === 'me' ? asker.sub : filters.assignedTo);
    if (filters.attention !== undefined) conditions.push(filters.attention ? ATTENTION : `NOT ${ATTENTION}`);
    if (filters.callbackDueBefore) add((p) => `${CALLBACK_DUE} < ${p}::timestamptz`, filters.callbackDueBefore);
    if (filters.openedFrom) add((p) => `i.opened_at >= ${p}::timestamptz`, filters.openedFrom);
    if (filters.openedTo) add((p) => `i.opened_at < ${p}::timestamptz`, filters.openedTo);
    return { conditions, params };
  }

  private async summarize(r: SummaryRow): Promise<IncidentSummary> {
    const { context } = r.snapshot;
    const playbook = await this.playbooks.version(r.playbook_hash);
    const step = r.status === 'open' ? renderStep(playbook.effective, r.state, context) : null;
    const opened = r.opened_at.getTime();
    const stopped = context.cards.every((c) => c.blockedAt !== null) && context.cards.length > 0 ? Math.max(...context.cards.map((c) => Date.parse(c.blockedAt!))) : null;
    return {
      id: r.id,
      playbook: { id: r.playbook_id, version: r.playbook_version },
      status: r.status,
      state: r.state,
      stepTitle: step?.title ?? null,
      customerRef: r.customer_ref,
      channel: r.channel,
      locale: r.locale,
      version: r.version,
      openedAt: r.opened_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      openedBy: r.opened_by,
      assignedTo: r.assigned_to,
      attention: r.attention,
      callbackDueAt: r.callback_due_at?.toISOString() ?? null,
      firstProtectiveActionAt: r.first_protective_action_at?.toISOString() ?? null,
      timeToFirstProtectiveActionMs: r.first_protective_action_at ? r.first_protective_action_at.getTime() - opened : null,
      timeToBlockMs: stopped === null ? null : stopped - opened,
      cardCount: context.breach?.cards ?? context.cards.length,
    };
  }
}

/** What class-validator cannot say about one field alone. */
export function checkFilters(filters: IncidentFiltersDto): void {
  if (filters.last4 && !filters.customerRef) {
    throw new LifelineError('bad_request', 'last4 finds a card only together with customerRef', { problems: ['last4 needs customerRef'] });
  }
}

const clause = (conditions: string[]) => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : '');

/** Opaque to callers: the sort it belongs to, and the last row's sort value (microseconds kept) and id. */
function encodeCursor(sort: IncidentSort, at: string, id: string): string {
  return Buffer.from(JSON.stringify([sort, at, id])).toString('base64url');
}

function decodeCursor(cursor: string, sort: IncidentSort): [string, string] {
  const bad = new LifelineError('bad_request', 'cursor must be the nextCursor of a previous page with the same sort', { problems: ['cursor is not valid'] });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== sort) throw bad;
  const [, at, id] = parsed as unknown[];
  if (typeof at !== 'string' || !PG_TIMESTAMP.test(at) || typeof id !== 'string' || !UUID.test(id)) throw bad;
  return [at, id];
}
