import { Module } from '@nestjs/common';
import { NotificationPort } from './notification.port.js';
import { RecordedNotificationAdapter } from './recorded-notification.adapter.js';

@Module({
  providers: [{ provide: NotificationPort, useClass: RecordedNotificationAdapter }],
  exports: [NotificationPort],
})
export class NotificationsModule {}
