import type { ContactChannel } from '../playbooks/catalog/incident-context.js';

/** A message to a customer on the channel they chose. */
export interface CustomerMessage {
  effectId: string;
  incidentId: string;
  customerRef: string;
  channel: ContactChannel;
  template: string;
  message: string;
}

/** SMS, e-mail, push or messenger gateways plug in here; the default records messages in Postgres. */
export abstract class NotificationPort {
  /** Must be idempotent per `effectId`: a retried job never sends a message twice. */
  abstract send(message: CustomerMessage): Promise<{ messageId: string }>;
  /** Many customers at once (a merchant breach): idempotent per effect and customer. Says how many went out now. */
  abstract sendMany(messages: CustomerMessage[]): Promise<{ sent: number }>;
}
