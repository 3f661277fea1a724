import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CustomerMessage, NotificationPort } from './notification.port.js';
import { NotificationEntity } from './notification.entity.js';

/** The default adapter: records each message in `notifications`, once per effect. */
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
}
