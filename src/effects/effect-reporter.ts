import type { EventInput } from '../playbooks/catalog/events.js';
import type { EffectReport } from './outbox.js';

/**
 * Where a finished effect's report goes: the incident's `send()`, provided at the composition root,
 * so `effects/` never imports the incidents it reports to.
 */
export abstract class EffectReporter {
  abstract report(incidentId: string, event: EventInput, report: EffectReport): Promise<void>;
}
