import { Module } from '@nestjs/common';
import { NotifyCustomerHandler } from './notify-customer.handler.js';
import { NotificationPort } from './notification.port.js';
import { RecordedNotificationAdapter } from './recorded-notification.adapter.js';

@Module({
  providers: [NotifyCustomerHandler, { provide: NotificationPort, useClass: RecordedNotificationAdapter }],
  exports: [NotificationPort],
})
export class NotificationsModule {}
