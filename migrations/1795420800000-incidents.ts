import { MigrationInterface, QueryRunner } from 'typeorm';

/** Incidents, their append-only event log, the effects outbox and the playbook versions they run on. */
export class Incidents1795420800000 implements MigrationInterface {
  name = 'Incidents1795420800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE playbook_versions (
        hash        text PRIMARY KEY,
        playbook_id text NOT NULL,
        version     integer NOT NULL,
        definition  jsonb NOT NULL,
        loaded_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX playbook_versions_by_id ON playbook_versions (playbook_id, version)`);

    await db.query(`
      CREATE TABLE incidents (
        id                          uuid PRIMARY KEY,
        playbook_id                 text NOT NULL,
        playbook_version            integer NOT NULL,
        playbook_hash               text NOT NULL REFERENCES playbook_versions (hash),
        status                      text NOT NULL CHECK (status IN ('open', 'resolved', 'cancelled')),
        state                       text NOT NULL,
        snapshot                    jsonb NOT NULL,
        version                     integer NOT NULL,
        customer_ref                text NOT NULL,
        channel                     text NOT NULL CHECK (channel IN ('phone', 'chat', 'branch', 'api')),
        locale                      text NOT NULL CHECK (locale IN ('en', 'ru')),
        opened_by                   text NOT NULL,
        notified_at                 timestamptz NOT NULL,
        opened_at                   timestamptz NOT NULL,
        first_protective_action_at  timestamptz,
        resolved_at                 timestamptz,
        updated_at                  timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX incidents_open_by_customer ON incidents (customer_ref, playbook_id) WHERE status = 'open'`);

    await db.query(`
      CREATE TABLE incident_events (
        incident_id  uuid NOT NULL REFERENCES incidents (id),
        seq          integer NOT NULL,
        type         text NOT NULL,
        data         jsonb NOT NULL,
        actor        text NOT NULL,
        at           timestamptz NOT NULL,
        state_from   text,
        state_to     text NOT NULL,
        outcome      text NOT NULL CHECK (outcome IN ('applied', 'ignored')),
        PRIMARY KEY (incident_id, seq)
      )`);

    await db.query(`
      CREATE TABLE effects (
        id           uuid PRIMARY KEY,
        incident_id  uuid NOT NULL REFERENCES incidents (id),
        event_seq    integer NOT NULL,
        kind         text NOT NULL,
        params       jsonb NOT NULL,
        status       text NOT NULL CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'dead')),
        attempts     integer NOT NULL DEFAULT 0,
        due_at       timestamptz NOT NULL,
        result       jsonb,
        last_error   text,
        created_at   timestamptz NOT NULL,
        updated_at   timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX effects_by_incident ON effects (incident_id, created_at)`);
    await db.query(`CREATE INDEX effects_unfinished ON effects (due_at) WHERE status IN ('pending', 'running', 'failed')`);

    await db.query(`
      CREATE TABLE notifications (
        id            uuid PRIMARY KEY,
        effect_id     uuid NOT NULL UNIQUE REFERENCES effects (id),
        incident_id   uuid NOT NULL REFERENCES incidents (id),
        customer_ref  text NOT NULL,
        channel       text NOT NULL,
        template      text NOT NULL,
        message       text NOT NULL,
        sent_at       timestamptz NOT NULL
      )`);

    // The event log is history: the database itself refuses to rewrite it.
    await db.query(`
      CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER incident_events_append_only BEFORE UPDATE OR DELETE ON incident_events
      FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE notifications`);
    await db.query(`DROP TABLE effects`);
    await db.query(`DROP TABLE incident_events`);
    await db.query(`DROP FUNCTION refuse_change CASCADE`);
    await db.query(`DROP TABLE incidents`);
    await db.query(`DROP TABLE playbook_versions`);
  }
}
