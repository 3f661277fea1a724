import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { LifelineError } from '../common/lifeline.error.js';
import type { Actor } from '../auth/actor.js';
import type { AuditRead } from './audit-access.entity.js';
import { AuditChain, type AuditVerification } from './audit-chain.js';
import { AuditKeys } from './audit-keys.js';
import { caseFile, type CaseFile, type DisputeRecord, DISPUTES_SELECT, toDisputeRecord } from './case-file.js';
import type { DisputeQueryDto } from './dto/dispute-query.dto.js';
import { CardActionEntity } from './card-action.entity.js';
import { CardActionPage, toCardActionView } from './card-action.view.js';
import { csvHeader, csvRow } from './card-actions.csv.js';
import { CardActionFiltersDto, CardActionQueryDto } from './dto/card-action-query.dto.js';

/** Rows read per query while exporting: memory stays flat however long the period. */
const EXPORT_BATCH = 500;

/** Each filter's SQL condition; the time range is from (inclusive) to (exclusive). */
const FILTER_CONDITIONS: Record<keyof CardActionFiltersDto, string> = {
  from: 'a.at >= :from',
  to: 'a.at < :to',
  cardRef: 'a.card_ref = :cardRef',
  customerRef: 'a.customer_ref = :customerRef',
  actor: 'a.actor = :actor',
  action: 'a.action = :action',
  result: 'a.result = :result',
  incidentId: 'a.incident_id = :incidentId',
};

/** Reads of the card-action trail for risk teams; each read is itself put on the access log. */
@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly chain: AuditChain,
    private readonly keys: AuditKeys,
  ) {}

  async caseFile(incidentId: string, reader: Actor): Promise<CaseFile> {
    const file = await caseFile(this.dataSource, this.chain, this.keys, incidentId);
    await this.recordAccess(reader, 'case-file', { incidentId }, file.cardActions.length);
    return file;
  }

  /** Disputed payments across incidents, each with its card, its refund-decision promise and the decision. */
  async disputes(query: DisputeQueryDto, reader: Actor): Promise<{ disputes: DisputeRecord[] }> {
    const rows = await this.dataSource.query(
      `${DISPUTES_SELECT} WHERE ($1::text IS NULL OR d.status = $1) AND ($2::uuid IS NULL OR d.incident_id = $2) ORDER BY d.disputed_at, d.id LIMIT $3`,
      [query.status ?? null, query.incidentId ?? null, query.limit ?? 100],
    );
    await this.recordAccess(reader, 'disputes', query, rows.length);
    return { disputes: rows.map(toDisputeRecord) };
  }

  async page(query: CardActionQueryDto, reader: Actor): Promise<CardActionPage> {
    checkTimeRange(query);
    const rows = await this.batch(query, decodeCursor(query.cursor), query.limit + 1);
    const items = rows.slice(0, query.limit);
    const nextCursor = rows.length > query.limit ? encodeCursor(items[items.length - 1].seq) : null;
    await this.recordAccess(reader, 'list', query, items.length);
    return { items: items.map(toCardActionView), nextCursor };
  }

  /** The whole filtered trail as a CSV stream, read in keyset batches as the client takes them. */
  exportCsv(filters: CardActionFiltersDto, reader: Actor): Readable {
    checkTimeRange(filters);
    return Readable.from(this.csvLines(filters, reader));
  }

  async verify(reader: Actor): Promise<AuditVerification> {
    const report = await this.chain.verify();
    await this.recordAccess(reader, 'verify', {}, report.checked);
    return report;
  }

  private async *csvLines(filters: CardActionFiltersDto, reader: Actor): AsyncGenerator<string> {
    let sent = 0;
    try {
      yield csvHeader();
      for (let after = '0'; ; ) {
        const rows = await this.batch(filters, after, EXPORT_BATCH);
        sent += rows.length;
        if (rows.length > 0) yield rows.map((row) => csvRow(toCardActionView(row))).join('');
        if (rows.length < EXPORT_BATCH) return;
        after = rows[rows.length - 1].seq;
      }
    } finally {
      // Also when the client hangs up halfway: what was sent was read.
      await this.recordAccess(reader, 'export', filtersOnly(filters), sent);
    }
  }

  /** Rows after a chain position that match every given filter, oldest first. */
  private batch(filters: CardActionFiltersDto, after: string, limit: number): Promise<CardActionEntity[]> {
    const query = this.dataSource.getRepository(CardActionEntity).createQueryBuilder('a').where('a.seq > :after', { after });
    for (const [name, condition] of Object.entries(FILTER_CONDITIONS)) {
      const value = filters[name as keyof CardActionFiltersDto];
      if (value !== undefined) query.andWhere(condition, { [name]: value });
    }
    return query.orderBy('a.seq', 'ASC').limit(limit).getMany();
  }

  private async recordAccess(reader: Actor, read: AuditRead, filters: object, rowCount: number): Promise<void> {
    const given = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined));
    await this.chain.record({ actor: reader.id, origin: reader.origin, read, filters: given, rowCount });
  }
}

/** The export is not paged, so only the filters go on the access log. */
function filtersOnly(query: CardActionFiltersDto): Record<string, unknown> {
  return Object.fromEntries(Object.keys(FILTER_CONDITIONS).map((name) => [name, query[name as keyof CardActionFiltersDto]]));
}

function checkTimeRange({ from, to }: CardActionFiltersDto): void {
  if (from && to && Date.parse(from) >= Date.parse(to)) throw new LifelineError('bad_request', 'from must be earlier than to', { from, to });
}

/** The cursor is opaque to clients: the chain position of the last row they got. */
function encodeCursor(seq: string): string {
  return Buffer.from(seq).toString('base64url');
}

function decodeCursor(cursor: string | undefined): string {
  if (cursor === undefined) return '0';
  const seq = Buffer.from(cursor, 'base64url').toString();
  if (!/^[1-9]\d{0,17}$/.test(seq)) throw new LifelineError('bad_request', 'cursor is not valid: pass the nextCursor of a previous page as given');
  return seq;
}
