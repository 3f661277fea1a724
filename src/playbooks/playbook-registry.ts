import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LifelineError } from '../common/lifeline.error.js';
import { AppConfig } from '../config/app-config.js';
import { CompiledPlaybook, compilePlaybook } from './playbook.compiler.js';
import { loadPlaybooks } from './playbook.loader.js';
import { PlaybookVersionEntity } from './playbook-version.entity.js';

export class InvalidPlaybooksError extends Error {
  constructor(problems: string[]) {
    super(`Refusing to start: invalid playbooks\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidPlaybooksError';
  }
}

export interface StoredVersion {
  version: number;
  hash: string;
  loadedAt: Date;
  /** Open incidents still running on this exact definition. */
  inFlight: number;
}

/**
 * The playbooks this process serves. New incidents start on the current file's version;
 * incidents in flight resolve theirs by hash from `playbook_versions`.
 */
@Injectable()
export class PlaybookRegistry implements OnModuleInit {
  private readonly logger = new Logger(PlaybookRegistry.name);
  private readonly current = new Map<string, CompiledPlaybook>();
  private readonly byHash = new Map<string, CompiledPlaybook>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const limits = { maxScriptWords: this.config.PLAYBOOK_MAX_SCRIPT_WORDS, maxPrimarySteps: this.config.PLAYBOOK_MAX_PRIMARY_STEPS };
    const { playbooks, problems } = loadPlaybooks(this.config.PLAYBOOKS_DIR, limits);
    if (problems.length > 0) throw new InvalidPlaybooksError(problems);
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(PlaybookVersionEntity)
      .values(playbooks.map((p) => ({ hash: p.hash, playbookId: p.definition.id, version: p.definition.version, definition: p.definition as never, loadedAt: new Date() })))
      .orIgnore()
      .execute();
    for (const p of playbooks) {
      this.current.set(p.definition.id, p);
      this.byHash.set(p.hash, p);
    }
    this.logger.log(`Serving playbooks: ${playbooks.map((p) => `${p.definition.id} v${p.definition.version}`).join(', ')}`);
  }

  list(): CompiledPlaybook[] {
    return [...this.current.values()];
  }

  /** The version new incidents start on. */
  latest(id: string): CompiledPlaybook {
    const playbook = this.current.get(id);
    if (!playbook) throw new LifelineError('not_found', `No playbook named ${id}`, { known: [...this.current.keys()] });
    return playbook;
  }

  /** The exact version an incident started on, even after the file has moved on. */
  async version(hash: string): Promise<CompiledPlaybook> {
    const cached = this.byHash.get(hash);
    if (cached) return cached;
    const stored = await this.dataSource.getRepository(PlaybookVersionEntity).findOneByOrFail({ hash });
    const compiled = compilePlaybook(stored.definition);
    this.byHash.set(hash, compiled);
    return compiled;
  }

  /** Every stored version of a playbook, newest first, with how many open incidents still run on it. */
  async versions(id: string): Promise<StoredVersion[]> {
    return this.dataSource.query(
      `SELECT v.version, v.hash, v.loaded_at AS "loadedAt",
              (SELECT count(*)::int FROM incidents i WHERE i.playbook_hash = v.hash AND i.status = 'open') AS "inFlight"
         FROM playbook_versions v
        WHERE v.playbook_id = $1
        ORDER BY v.version DESC, v.loaded_at DESC`,
      [id],
    );
  }
}
