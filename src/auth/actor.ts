/** Who did something, and from where: the audit trail needs both. */
export interface Actor {
  /** The token's subject, or Lifeline's own worker for job reports. */
  id: string;
  /** Client address for API calls, or the system name for Lifeline's own jobs. */
  origin: string;
}

/** The actor recorded on events that Lifeline's own jobs send. */
export const JOB_ACTOR: Actor = { id: 'system:lifeline-worker', origin: 'lifeline-worker' };
