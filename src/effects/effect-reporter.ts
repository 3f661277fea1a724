import type { EventInput } from '../playbooks/catalog/events.js';
import type { EffectReport } from './outbox.js';

/**
 * Where a finished effect's report goes: the incident's `send()`, provided at the composition root,
 * so `effects/` never imports the incidents it reports to.
 */
export abstract class EffectReporter {
  abstract report(incidentId: string, event: EventInput, report: EffectReport): Promise<void>;
}

/** Who watches effects finish (the metrics), bound at the composition root like the reporter. */
export abstract class EffectObserver {
  abstract effectReported(incidentId: string, event: string): Promise<void>;
  /** The sweeper gave an effect of this kind a new job. */
  abstract sweeperRearmed(kind: string): void;
}
