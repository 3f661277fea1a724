import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { Observable, Subject } from 'rxjs';
import { AppConfig } from '../../config/app-config.js';
import { INCIDENT_CHANGED, IncidentChange } from './incident-changes.js';

const RECONNECT_MS = 1000;

/**
 * The committed changes of every incident, from any replica: one dedicated PostgreSQL connection per
 * process LISTENs on `incident_changed` and fans out to the open streams. It connects on first use,
 * so processes nobody streams from hold no extra connection, and reconnects after a lost connection.
 */
@Injectable()
export class IncidentChangeFeed implements OnModuleDestroy {
  private readonly logger = new Logger(IncidentChangeFeed.name);
  private readonly changes$ = new Subject<IncidentChange>();
  private client: pg.Client | null = null;
  private listening: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly config: AppConfig) {}

  /** Resolves once this process is listening, so a stream that then reads the current view misses nothing after it. */
  async changes(): Promise<Observable<IncidentChange>> {
    this.listening ??= this.listen();
    await this.listening;
    return this.changes$.asObservable();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.config.DATABASE_URL, connectionTimeoutMillis: 5000 });
    client.on('notification', (n) => {
      if (n.channel !== INCIDENT_CHANGED || !n.payload) return;
      this.changes$.next(JSON.parse(n.payload) as IncidentChange);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${INCIDENT_CHANGED}`);
    } catch (error) {
      this.listening = null;
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
  }

  private lost(client: pg.Client, error?: Error): void {
    if (this.closed || this.client !== client) return;
    this.logger.warn(`Lost the incident change feed${error ? `: ${error.message}` : ''}; listening again in ${RECONNECT_MS} ms`);
    this.client = null;
    this.listening = null;
    client.end().catch(() => undefined);
    const retry = () => {
      if (this.closed) return;
      this.listening = this.listen();
      this.listening.catch(() => setTimeout(retry, RECONNECT_MS).unref());
    };
    setTimeout(retry, RECONNECT_MS).unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    this.changes$.complete();
    await this.client?.end().catch(() => undefined);
  }
}
