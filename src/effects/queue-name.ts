/** The BullMQ queues, one per kind of outside party, so a slow one never holds up another. Each handler names its own. */
export enum QueueName {
  /** Blocks and freezes only, with workers of their own: protecting a card never waits behind a transaction list or a revocation. */
  Protection = 'protection',
  CardActions = 'card-actions',
  Reissue = 'reissue',
  Notifications = 'notifications',
  Timers = 'timers',
  /** A merchant breach's batches: apart, so 100,000 cards never queue ahead of one stolen wallet. */
  Breach = 'breach',
}
