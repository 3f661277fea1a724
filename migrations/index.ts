import { Incidents1795420800000 } from './1795420800000-incidents.js';
import { IdempotencyKeys1795424400000 } from './1795424400000-idempotency-keys.js';
import { CardActionTrail1795440484000 } from './1795440484000-card-action-trail.js';
import { CardActionChainLink1795440759000 } from './1795440759000-card-action-chain-link.js';
import { PromisesKept1795460000000 } from './1795460000000-promises-kept.js';
import { MassCompromise1795471000000 } from './1795471000000-mass-compromise.js';
import { KeyedAuditChain1796020000000 } from './1796020000000-keyed-audit-chain.js';
import { WholeCardStory1796020001000 } from './1796020001000-whole-card-story.js';
import { OpenIncidentCards1796037000000 } from './1796037000000-open-incident-cards.js';
import { IncidentAssignment1796040000000 } from './1796040000000-incident-assignment.js';
import { Disputes1796050000000 } from './1796050000000-disputes.js';
import { EmergencyCashAndFailureAlerts1796060000000 } from './1796060000000-emergency-cash-and-failure-alerts.js';
import { CardIndexWithoutPendingList1796070000000 } from './1796070000000-card-index-without-pending-list.js';
import { WaysOut1796080000000 } from './1796080000000-ways-out.js';
import { TrailShards1796090000000 } from './1796090000000-trail-shards.js';

/** Every migration, oldest first. Listed by hand so sources and the build load the same set. */
export const MIGRATIONS = [Incidents1795420800000, IdempotencyKeys1795424400000, CardActionTrail1795440484000, CardActionChainLink1795440759000, PromisesKept1795460000000, MassCompromise1795471000000, KeyedAuditChain1796020000000, WholeCardStory1796020001000, OpenIncidentCards1796037000000, IncidentAssignment1796040000000, Disputes1796050000000, EmergencyCashAndFailureAlerts1796060000000, CardIndexWithoutPendingList1796070000000, WaysOut1796080000000, TrailShards1796090000000];
