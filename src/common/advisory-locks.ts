/**
 * Every PostgreSQL advisory lock Lifeline takes, in one place: two features that picked the same number
 * would wait on each other (the sweeper once shared the audit chain's), and a spec checks they differ.
 */
export const ADVISORY_LOCKS = {
  /** Migrations at boot: replicas take turns. */
  migrations: 7_246_001,
  /** Appends to the card-action chain, one transaction at a time. */
  cardActionChain: 7_246_002,
  /** Appends to the audit access log's chain. */
  accessLogChain: 7_246_003,
  /** The one worker sweeping the outbox right now (a session lock: freed when that worker dies). */
  outboxSweeper: 7_246_004,
} as const;
