/** The BullMQ queues, one per kind of outside party, so a slow one never holds up another. Each handler names its own. */
export enum QueueName {
  CardActions = 'card-actions',
  Reissue = 'reissue',
  Notifications = 'notifications',
  Timers = 'timers',
  /** A merchant breach's batches: apart, so 100,000 cards never queue ahead of one stolen wallet. */
  Breach = 'breach',
}
