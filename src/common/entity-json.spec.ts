import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EntityJson } from './entity-json.js';

@Entity('callbacks_sample')
class CallbackSample {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { name: 'customer_ref' })
  customerRef: string;

  @Column('jsonb')
  details: Record<string, unknown>;

  @Column('timestamptz', { name: 'due_at' })
  dueAt: Date;

  @Column('timestamptz', { name: 'done_at', nullable: true })
  doneAt: Date | null;
}

@Entity('amounts_sample')
class AmountSample {
  @PrimaryColumn('uuid')
  id: string;

  @Column('numeric')
  amount: string;
}

describe('EntityJson: an entity read as JSON, from its own decorators', () => {
  const json = new EntityJson(CallbackSample);

  it('builds each row under its property names, from the columns the decorators name', () => {
    expect(json.table).toBe('callbacks_sample');
    expect(json.object('c')).toBe(`json_build_object('id', c."id", 'customerRef', c."customer_ref", 'details', c."details", 'dueAt', c."due_at", 'doneAt', c."done_at")`);
    expect(json.rows('c', 'c.customer_ref = i.customer_ref', 'c.due_at')).toBe(
      `(SELECT coalesce(json_agg(${json.object('c')} ORDER BY c.due_at), '[]'::json) FROM callbacks_sample c WHERE c.customer_ref = i.customer_ref)`,
    );
  });

  it('revives timestamps as Dates and leaves everything else as read', () => {
    const row = json.revive({ id: 'a1', customerRef: 'cust-1', details: { channel: 'sms' }, dueAt: '2026-12-04T10:15:00.123+00:00', doneAt: null });
    expect(row.dueAt).toEqual(new Date('2026-12-04T10:15:00.123Z'));
    expect(row.doneAt).toBeNull();
    expect(row.details).toEqual({ channel: 'sms' });
  });

  it('refuses an entity with a column it could not read back as TypeORM would', () => {
    expect(() => new EntityJson(AmountSample)).toThrow('AmountSample.amount is numeric, which EntityJson cannot read back as TypeORM would');
  });
});
