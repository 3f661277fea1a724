import { DataSource } from 'typeorm';
import { AuditKeys } from '../../src/audit/audit-keys.js';
import { CardActionTrail } from '../../src/audit/card-action-trail.js';
import { CommitmentWatcher } from '../../src/commitments/commitment-watcher.js';
import { ScheduleCallbackHandler } from '../../src/commitments/schedule-callback.handler.js';
import type { SupervisorAlerts } from '../../src/commitments/supervisor-alerts.js';
import { UntouchedWatcher } from '../../src/commitments/untouched-watcher.js';
import { BlockCardHandler } from '../../src/core-banking/block-card.handler.js';
import { HttpCoreBankingAdapter } from '../../src/core-banking/http-core-banking.adapter.js';
import { LoadTransactionsHandler } from '../../src/core-banking/load-transactions.handler.js';
import { OrderEmergencyCashHandler } from '../../src/core-banking/order-emergency-cash.handler.js';
import { RevokeAppSessionsHandler } from '../../src/core-banking/revoke-app-sessions.handler.js';
import { RevokeWalletTokensHandler } from '../../src/core-banking/revoke-wallet-tokens.handler.js';
import { ScheduleReissueHandler } from '../../src/core-banking/schedule-reissue.handler.js';
import { UnblockCardHandler } from '../../src/core-banking/unblock-card.handler.js';
import { EffectHandlers } from '../../src/effects/effect-handlers.js';
import { FollowUpHandler } from '../../src/follow-ups/follow-up.handler.js';
import type { FollowUps } from '../../src/follow-ups/follow-ups.js';
import { BlockCardBatchHandler } from '../../src/mass-compromise/block-card-batch.handler.js';
import { BreachBatches } from '../../src/mass-compromise/breach-batches.js';
import { NotifyCustomersBatchHandler } from '../../src/mass-compromise/notify-customers-batch.handler.js';
import { ReissueCardBatchHandler } from '../../src/mass-compromise/reissue-card-batch.handler.js';
import { NotifyCustomerHandler } from '../../src/notifications/notify-customer.handler.js';
import { RecordedNotificationAdapter } from '../../src/notifications/recorded-notification.adapter.js';
import { loadConfig } from '../../src/config/app-config.js';
import { ReconcileCardsHandler } from '../../src/core-banking/reconcile-cards.handler.js';
import { EFFECT_KINDS } from '../../src/playbooks/catalog/effects.js';
import { TEST_AUDIT_KEYS, TEST_JWT_SECRET } from './test-keys.js';

/**
 * Every effect handler, for reading their words (attention, commitments) without a running service:
 * their connections are never opened, so nothing here reaches core banking or the database.
 */
export function wordsOnlyHandlers(): EffectHandlers {
  const handlers = new EffectHandlers();
  const dataSource = new DataSource({ type: 'postgres' });
  const coreBanking = new HttpCoreBankingAdapter('http://127.0.0.1:9', { timeoutMs: 1 });
  const notifications = new RecordedNotificationAdapter(dataSource);
  const batches = new BreachBatches(dataSource, coreBanking, notifications, new CardActionTrail(AuditKeys.from(TEST_AUDIT_KEYS)));
  // Addresses nothing here connects to: the handlers only read their settings.
  const config = loadConfig({ DATABASE_URL: 'postgres://127.0.0.1:9/none', REDIS_URL: 'redis://127.0.0.1:9', JWT_SECRET: TEST_JWT_SECRET, ...TEST_AUDIT_KEYS });
  const all = [
    new BlockCardHandler(handlers, coreBanking, config),
    new UnblockCardHandler(handlers, coreBanking),
    new RevokeAppSessionsHandler(handlers, coreBanking),
    new RevokeWalletTokensHandler(handlers, coreBanking),
    new ScheduleReissueHandler(handlers, coreBanking),
    new LoadTransactionsHandler(handlers, coreBanking),
    new OrderEmergencyCashHandler(handlers, coreBanking, dataSource, notifications),
    new ReconcileCardsHandler(handlers, coreBanking, config),
    new NotifyCustomerHandler(handlers, dataSource, notifications),
    new ScheduleCallbackHandler(handlers),
    new CommitmentWatcher(handlers, dataSource, notifications),
    // The follow-up speaks no words of its own; it is only asked for its kind.
    new FollowUpHandler(handlers, {} as FollowUps),
    new BlockCardBatchHandler(handlers, batches),
    new ReissueCardBatchHandler(handlers, batches),
    new NotifyCustomersBatchHandler(handlers, batches),
    // The untouched-incident watcher speaks no words of its own either.
    new UntouchedWatcher(handlers, dataSource, {} as SupervisorAlerts, config),
  ];
  for (const handler of all) handler.onModuleInit();
  const missing = EFFECT_KINDS.filter((kind) => !all.some((handler) => handler.kind === kind));
  if (missing.length > 0) throw new Error(`wordsOnlyHandlers lacks a handler for ${missing.join(', ')}: add it here`);
  return handlers;
}
