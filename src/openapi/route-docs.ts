import { CardActionQueryDto } from '../audit/dto/card-action-query.dto.js';
import { DisputeQueryDto } from '../audit/dto/dispute-query.dto.js';
import { AlertQueryDto } from '../commitments/dto/alert-query.dto.js';
import { FeedbackDto } from '../follow-ups/dto/feedback.dto.js';
import { AssignIncidentDto } from '../incidents/dto/assign-incident.dto.js';
import { IncidentFiltersDto, IncidentQueryDto } from '../incidents/dto/incident-query.dto.js';
import { OpenIncidentDto } from '../incidents/dto/open-incident.dto.js';
import { SendEventDto } from '../incidents/dto/send-event.dto.js';
import { SwitchPlaybookDto } from '../incidents/dto/switch-playbook.dto.js';
import { DevTokenDto } from '../sign-in/dto/dev-token.dto.js';
import { DiagramQueryDto } from '../playbooks/dto/diagram-query.dto.js';
import { SimulatePlaybookDto } from '../playbooks/dto/simulate-playbook.dto.js';

type Dto = abstract new (...args: never[]) => unknown;

export interface RouteDoc {
  tag: 'incidents' | 'playbooks' | 'audit' | 'alerts' | 'operations' | 'console';
  summary: string;
  /** The request body: a DTO (its schema is read from its validation rules) or, for the breach list, a schema. */
  body?: Dto | { schema: Record<string, unknown>; example: unknown };
  query?: Dto;
  /** The success answers, by status, with an example. */
  ok: Record<number, { description: string; example?: unknown; contentType?: string }>;
  /** Refusals this route gives besides the ones every /v1 route can (400, 401, 403, 429). */
  refusals?: Record<number, string>;
}

const incidentExample = {
  id: '0c5b39f4-4e0a-4f1c-9d2b-7f1a6e0b8c21',
  playbook: { id: 'stolen-wallet', version: 3 },
  status: 'open',
  state: 'verify_identity',
  version: 2,
  customerRef: 'cust-1042',
  locale: 'en',
  contactChannel: 'sms',
  step: { id: 'verify_identity', title: 'Verify identity', say: 'I will ask you two quick questions to make sure it is you.', do: 'Ask the security questions.', primary: { event: 'IDENTITY_VERIFIED', label: 'Identity verified', fields: [] }, alternatives: [], attention: [] },
  cards: [{ cardRef: 'card_7f3a', last4: '4321', status: 'active' }],
  cardCheck: null,
  commitments: [],
};

/** The one description of every route for the OpenAPI document; a test fails when a served route has none. */
export const ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  'GET /health': { tag: 'operations', summary: 'Liveness, as before the probes (same check as /health/live)', ok: { 200: { description: 'Alive', example: { status: 'ok' } } }, refusals: { 503: 'The event loop is stuck' } },
  'GET /health/live': {
    tag: 'operations',
    summary: 'Liveness: the process is up and its event loop responsive; never touches a dependency',
    ok: { 200: { description: 'Alive', example: { status: 'ok', info: { eventLoop: { status: 'up', delayMs: 3, limitMs: 5000 } }, error: {}, details: {} } } },
    refusals: { 503: 'The event loop lagged beyond HEALTH_MAX_EVENT_LOOP_DELAY_MS' },
  },
  'GET /health/ready': {
    tag: 'operations',
    summary: 'Readiness: Postgres, Redis (noeviction), core banking and the queue backlog',
    ok: { 200: { description: 'Ready', example: { status: 'ok', info: { postgres: { status: 'up' }, redis: { status: 'up', maxmemoryPolicy: 'noeviction' }, coreBanking: { status: 'up' }, queues: { status: 'up', waiting: 0, limit: 10000 } } } } },
    refusals: { 503: 'A dependency is down; `error` names it' },
  },
  'GET /metrics': {
    tag: 'operations',
    summary: 'Prometheus metrics (needs `Bearer METRICS_TOKEN` when that is set)',
    ok: { 200: { description: 'Prometheus text format', contentType: 'text/plain', example: 'lifeline_time_to_block_seconds_bucket{playbook="stolen-wallet",le="5"} 12' } },
    refusals: { 401: 'METRICS_TOKEN is set and was not given' },
  },
  'POST /v1/incidents': {
    tag: 'incidents',
    summary: 'Open an incident (Idempotency-Key accepted)',
    body: OpenIncidentDto,
    ok: {
      201: { description: 'Opened: the incident view. `cardCheck` flags core banking not answering (the cards are as named, or none, until it does), a last 4 given differently from core banking’s (core banking’s is kept), or a card it does not list for the customer; null when they agree', example: incidentExample },
      200: {
        description: 'Already open for this customer or card: that incident, with deduplicated: true and addedCards, the named cards it did not have yet (added, and protected at once if it already protects its cards)',
        example: { ...incidentExample, cards: [...incidentExample.cards, { cardRef: 'card_9c2e', last4: '8812', status: 'active' }], deduplicated: true, addedCards: [{ cardRef: 'card_9c2e', last4: '8812' }] },
      },
    },
    refusals: {
      404: 'No such playbook, or core banking does not know the customer (no cards named)',
      409: 'A request with this Idempotency-Key is still running',
      422: 'A named card belongs to another customer at core banking (card_of_another_customer), a last 4 names none or several of the customer’s cards (card_not_identified), or this Idempotency-Key was used with another body; nothing is opened or changed',
    },
  },
  'POST /v1/incidents/mass-compromise': {
    tag: 'incidents',
    summary: 'Open a merchant breach for up to 100,000 exposed cards',
    body: {
      schema: {
        type: 'object',
        required: ['breachRef', 'cards'],
        additionalProperties: false,
        properties: {
          breachRef: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,128}$' },
          cards: { type: 'array', minItems: 1, maxItems: 100000, items: { type: 'object', required: ['cardRef', 'last4', 'customerRef'], properties: { cardRef: { type: 'string' }, last4: { type: 'string', pattern: '^\\d{4}$' }, customerRef: { type: 'string' } } } },
          locale: { type: 'string', enum: ['ru', 'en'] },
          contactChannel: { type: 'string', enum: ['phone', 'sms', 'email', 'push', 'messenger'] },
          notifiedAt: { type: 'string', format: 'date-time' },
        },
      },
      example: { breachRef: 'merchant-2026-11-acme', cards: [{ cardRef: 'card_7f3a', last4: '4321', customerRef: 'cust-1042' }] },
    },
    ok: { 201: { description: 'Opened', example: { ...incidentExample, playbook: { id: 'mass-compromise', version: 1 }, progress: { total: 1, blocked: 0, failed: 0 } } }, 200: { description: 'That breach is already open (deduplicated: true); the cards it did not hold yet are added to it (addedCards) and blocked at once, and its progress counts them', example: { ...incidentExample, playbook: { id: 'mass-compromise', version: 1 }, deduplicated: true, addedCards: [{ cardRef: 'card_9c2e', last4: '8812' }] } } },
    refusals: { 409: 'A request with this Idempotency-Key is still running', 413: 'Body over 16 MB', 422: 'This Idempotency-Key was used with another body' },
  },
  'GET /v1/customers/:customerRef/cards': {
    tag: 'incidents',
    summary: "The customer's cards at core banking, to show before opening an incident",
    ok: { 200: { description: 'The cards', example: { cards: [{ cardRef: 'card_7f3a', last4: '4321', product: 'Visa Classic', status: 'active' }] } } },
    refusals: { 404: 'Core banking does not know the customer', 503: 'Core banking did not answer' },
  },
  'GET /v1/incidents/:id': { tag: 'incidents', summary: 'The incident view', ok: { 200: { description: 'The incident', example: incidentExample } }, refusals: { 404: 'No such incident' } },
  'POST /v1/incidents/:id/events': {
    tag: 'incidents',
    summary: 'Press a step: send an event (Idempotency-Key accepted)',
    body: SendEventDto,
    ok: { 200: { description: 'The new view', example: { ...incidentExample, version: 3 } } },
    refusals: { 404: 'No such incident', 409: 'The view is stale (details.incident is the current one), or a request with this Idempotency-Key is running', 422: 'The event is not allowed now (details list the allowed ones)' },
  },
  'POST /v1/incidents/:id/effects/:effectId/retry': {
    tag: 'incidents',
    summary: 'Give an effect Lifeline gave up on another run',
    ok: { 200: { description: 'The incident view', example: incidentExample } },
    refusals: { 404: 'No such incident or effect', 409: 'The effect is not dead' },
  },
  'POST /v1/incidents/:id/feedback': {
    tag: 'incidents',
    summary: "The customer's answer to the follow-up",
    body: FeedbackDto,
    ok: { 201: { description: 'Recorded', example: { score: 5, comment: 'Calm and quick', recordedAt: '2026-12-01T10:00:00.000Z' } } },
    refusals: { 404: 'No such incident', 409: 'An answer is already recorded', 422: 'The follow-up has not gone out yet' },
  },
  'GET /v1/incidents': {
    tag: 'incidents',
    summary: 'Find incidents: filters, sorting, cursor pagination and counts for the filters',
    query: IncidentQueryDto,
    ok: { 200: { description: 'A page of incident summaries', example: { items: [{ id: '0c5b39f4-4e0a-4f1c-9d2b-7f1a6e0b8c21', playbook: { id: 'stolen-wallet', version: 2 }, status: 'open', state: 'verify_identity', stepTitle: 'Confirm identity', assignedTo: 'op-1', attention: false, cardCount: 3 }], nextCursor: null, counts: { total: 1, byStatus: { open: 1, resolved: 0, cancelled: 0 } } } } },
  },
  'GET /v1/incidents/stream': {
    tag: 'incidents',
    summary: 'Server-sent events: one `incident` event { id, version, status, state } per committed change to a matching incident',
    query: IncidentFiltersDto,
    ok: { 200: { description: 'An event stream', contentType: 'text/event-stream', example: 'event: incident\nid: 7\ndata: {"id":"0c5b39f4-4e0a-4f1c-9d2b-7f1a6e0b8c21","version":7,"status":"open","state":"blocking_cards"}\n\n' } },
  },
  'GET /v1/incidents/:id/stream': {
    tag: 'incidents',
    summary: 'Server-sent events: the incident view now, then after every committed change (resumes with Last-Event-ID)',
    ok: { 200: { description: 'An event stream of incident views', contentType: 'text/event-stream', example: 'event: incident\nid: 7\ndata: {"id":"0c5b39f4-4e0a-4f1c-9d2b-7f1a6e0b8c21","version":7}\n\n' } },
    refusals: { 404: 'No such incident' },
  },
  'POST /v1/incidents/:id/assign': {
    tag: 'incidents',
    summary: 'Assign the incident: to the caller, or (supervisors) to a named operator; recorded on the timeline',
    body: AssignIncidentDto,
    ok: { 200: { description: 'The incident', example: { ...incidentExample, assignedTo: 'op-1' } } },
    refusals: { 404: 'No such incident' },
  },
  'POST /v1/incidents/:id/switch': {
    tag: 'incidents',
    summary: 'Opened on the wrong playbook: cancels the incident and opens the right one for the customer, keeping what was done (blocked cards stay blocked, never blocked twice)',
    body: SwitchPlaybookDto,
    ok: { 201: { description: 'The new incident (its INCIDENT_OPENED names the one it replaces)', example: { ...incidentExample, playbook: { id: 'card-compromised', version: 2 } } } },
    refusals: { 404: 'No such incident', 422: 'The incident is closed, already runs that playbook, or a card action is still running' },
  },
  'GET /v1/supervision/overview': {
    tag: 'incidents',
    summary: "What is at risk now: open incidents with their ages (oldest first; the list's filters narrow them), open alerts, dead effects, operators' load and the day's figures",
    query: IncidentFiltersDto,
    ok: { 200: { description: 'The overview', example: { openIncidents: [], alerts: [], deadEffects: [], operators: [{ operator: 'op-1', openAssigned: 2 }], today: { incidentsOpened: 12, medianTimeToBlockMs: 840, commitmentsDue: 5, commitmentsKeptOnTime: 5, csat: { responses: 3, average: 4.7 } } } } },
  },
  'GET /v1/audit/incidents/:id/case-file': {
    tag: 'audit',
    summary: "One incident's case file: timeline, card actions with their evidence, messages, commitments and the chain proof (JSON, or printable HTML with Accept: text/html or ?format=html)",
    ok: { 200: { description: 'The case file', example: { incident: { id: '0c5b39f4-4e0a-4f1c-9d2b-7f1a6e0b8c21' }, cardActions: [], messages: [], commitments: [], disputes: [], proof: { covered: true } } } },
    refusals: { 404: 'No such incident' },
  },
  'GET /v1/console/config': {
    tag: 'console',
    summary: 'How the console signs in: dev sign-in on or off, and the OIDC provider',
    ok: { 200: { description: 'The sign-in settings', example: { devSignIn: false, oidc: { issuer: 'https://id.bank.example', clientId: 'lifeline-console', authorizationEndpoint: 'https://id.bank.example/authorize', tokenEndpoint: 'https://id.bank.example/token', scope: 'openid profile', audience: 'lifeline' } } } },
  },
  'POST /v1/console/dev-token': {
    tag: 'console',
    summary: 'A short-lived development token for any role (only when CONSOLE_DEV_SIGNIN=true; never in production)',
    body: DevTokenDto,
    ok: { 200: { description: 'The token', example: { token: 'eyJhbGciOiJIUzI1NiJ9…' } } },
    refusals: { 400: 'A subject or a role is missing or unknown' },
  },
  'GET /v1/playbooks': { tag: 'playbooks', summary: 'Every playbook', ok: { 200: { description: 'The playbooks', example: { playbooks: [{ id: 'stolen-wallet', version: 3 }] } } } },
  'GET /v1/playbooks/:id': { tag: 'playbooks', summary: 'A playbook: states, steps, events, primary path, versions', ok: { 200: { description: 'The definition', example: { id: 'stolen-wallet', version: 3, primaryPath: ['reassure', 'verify_identity'] } } }, refusals: { 404: 'No such playbook' } },
  'GET /v1/playbooks/:id/diagram': { tag: 'playbooks', summary: "SVG of the playbook's state graph", query: DiagramQueryDto, ok: { 200: { description: 'SVG', contentType: 'image/svg+xml', example: '<svg xmlns="http://www.w3.org/2000/svg">…</svg>' } }, refusals: { 404: 'No such playbook' } },
  'POST /v1/playbooks/:id/simulate': { tag: 'playbooks', summary: 'What would follow a list of events; nothing is executed', body: SimulatePlaybookDto, ok: { 200: { description: 'The steps, scripts and effects', example: { steps: [{ state: 'reassure' }], effects: [] } } }, refusals: { 404: 'No such playbook', 422: 'An event is not allowed where it comes' } },
  'GET /v1/audit/card-actions': {
    tag: 'audit',
    summary: 'The card-action trail (JSON pages, or CSV with Accept: text/csv)',
    query: CardActionQueryDto,
    ok: { 200: { description: 'A page of the trail', example: { items: [{ id: '1', action: 'block', result: 'succeeded', cardRef: 'card_7f3a', actor: 'system:lifeline-worker' }], nextCursor: null } } },
  },
  'GET /v1/audit/disputes': {
    tag: 'audit',
    summary: 'Disputed payments, oldest first: each with its card, who disputed it, its refund-decision promise and the decision',
    query: DisputeQueryDto,
    ok: { 200: { description: 'The disputes', example: { disputes: [{ transactionId: 'txn_trv_4', card: { cardRef: 'card_trv_2', last4: '7808' }, merchant: 'Electronics Hub', amount: '1899.99', currency: 'EUR', status: 'open', refundDecision: { dueBy: '2026-12-31T20:59:59.999Z', status: 'open' } }] } } },
  },
  'GET /v1/audit/verify': {
    tag: 'audit',
    summary: 'Recompute every chain of the trail and the access log, each against its latest signed checkpoint',
    ok: {
      200: {
        description: 'The verdict: every problem names its chain (and the trail\'s chain by shard) and pinpoints the row',
        example: {
          ok: true, checked: 1042, firstBrokenId: null, problems: [],
          chains: { card_actions: { checked: 1042, shards: [{ shard: 0, checked: 71, checkpoint: { chain: 'card_actions', shard: 0, count: 71, lastSeq: '1040', headHash: '9f2c…', at: '2026-03-01T10:00:00.000Z', signature: 'MEUC…' } }] }, audit_access_log: { checked: 12, checkpoint: null } },
        },
      },
    },
  },
  'GET /v1/alerts': { tag: 'alerts', summary: 'Promises not kept in time, oldest first', query: AlertQueryDto, ok: { 200: { description: 'The alerts', example: { alerts: [{ id: '5e7c…', status: 'open', raisedAt: '2026-12-01T10:00:00.000Z' }] } } } },
  'POST /v1/queues/session': {
    tag: 'operations',
    summary: 'A supervisor opens the read-only queue dashboard (Bull Board at /v1/queues/board/): puts the caller’s token in an HttpOnly, SameSite=Strict cookie sent to that path only, for 15 minutes at most',
    ok: { 201: { description: 'The dashboard address and when the session ends', example: { dashboard: '/v1/queues/board/', expiresAt: '2026-12-02T10:15:00.000Z' } } },
  },
  'POST /v1/alerts/:id/ack': { tag: 'alerts', summary: 'A supervisor takes an alert up', ok: { 200: { description: 'The alert', example: { id: '5e7c…', status: 'acknowledged', acknowledgedBy: 'sup-1' } } }, refusals: { 404: 'No such alert' } },
};
