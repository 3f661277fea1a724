import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CustomerMessage, NotificationPort } from './notification.port.js';
import { NotificationEntity } from './notification.entity.js';

/** The default adapter: records each message in `notifications`, once per effect and customer. */
@Injectable()
export class RecordedNotificationAdapter extends NotificationPort {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async send(message: CustomerMessage): Promise<{ messageId: string }> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(NotificationEntity)
      .values({ id: randomUUID(), ...message, sentAt: new Date() })
      .orIgnore()
      .execute();
    const stored = await this.dataSource.getRepository(NotificationEntity).findOneByOrFail({ effectId: message.effectId });
    return { messageId: stored.id };
  }

  /** One statement for the whole batch; a message already recorded (a retried job) is skipped. */
  async sendMany(messages: CustomerMessage[]): Promise<{ sent: number }> {
    const column = <K extends keyof CustomerMessage>(key: K) => messages.map((m) => m[key]);
    const [{ sent }]: { sent: number }[] = await this.dataSource.query(
      `WITH added AS (
         INSERT INTO notifications (id, effect_id, incident_id, customer_ref, channel, template, message, sent_at)
         SELECT gen_random_uuid(), *, now() FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[])
         ON CONFLICT DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS sent FROM added`,
      [column('effectId'), column('incidentId'), column('customerRef'), column('channel'), column('template'), column('message')],
    );
    return { sent };
  }
}
