import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsTimeZone, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';
import { auditKeyProblems } from './audit-key-settings.js';

/** How much an operator can read aloud calmly, and how many steps one call can bear (the playbook lint's defaults). */
export const READABILITY_DEFAULTS = { maxScriptWords: 45, maxPrimarySteps: 15 } as const;

export type ProcessRole = 'api' | 'worker' | 'all';

const toInt = ({ value }: { value: unknown }) => (value === undefined ? undefined : Number(value));

/** A whole number within bounds, with one message whichever bound is broken (env values arrive as text). */
function WholeNumber(min: number, max?: number): PropertyDecorator {
  const message = max === undefined ? `$property must be a whole number of at least ${min}` : `$property must be a whole number from ${min} to ${max}`;
  const rules = [Transform(toInt), IsInt({ message }), Min(min, { message }), ...(max === undefined ? [] : [Max(max, { message })])];
  return (target, key) => rules.forEach((rule) => rule(target, key));
}

/**
 * Every setting the service reads, validated once at boot. `.env.example` documents each one;
 * the process refuses to start with one clear line per bad or missing variable.
 */
export class AppConfig {
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;

  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL: string;

  /** Signs and checks HS256 tokens (`npm run token`, dev sign-in); may be left out only when OIDC is configured. */
  @ValidateIf((c: AppConfig) => c.JWT_SECRET !== undefined || !c.OIDC_ISSUER_URL)
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /** The bank's identity provider: RS256 tokens are verified against its JWKS (found from its discovery document). */
  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'OIDC_ISSUER_URL must be an http(s):// URL' })
  OIDC_ISSUER_URL?: string;

  /** The `aud` the provider puts in tokens for Lifeline; required with OIDC_ISSUER_URL. */
  @ValidateIf((c: AppConfig) => c.OIDC_ISSUER_URL !== undefined)
  @IsString({ message: 'OIDC_AUDIENCE must be set when OIDC_ISSUER_URL is' })
  OIDC_AUDIENCE?: string;

  /** The console's client id at the provider (authorization code + PKCE). */
  @IsOptional()
  @IsString()
  OIDC_CLIENT_ID?: string;

  /** The token claim listing Lifeline roles; a dotted path reaches into an object (realm_access.roles). */
  @Matches(/^[\w:-]+(\.[\w:-]+)*$/, { message: 'OIDC_ROLES_CLAIM must be a claim name or a dotted path' })
  OIDC_ROLES_CLAIM: string = 'roles';

  /** The scopes the console asks the provider for. */
  @IsString()
  OIDC_SCOPE: string = 'openid profile';

  /** The console's sign-in with a role picker, for local use only: never with NODE_ENV=production. */
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  CONSOLE_DEV_SIGNIN: boolean = false;

  /** Read only to refuse dev sign-in in production. */
  @IsOptional()
  @IsString()
  NODE_ENV?: string;

  /** Unset: the service starts the core-banking simulator itself (the embedded default). */
  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'CORE_BANKING_URL must be an http(s):// URL' })
  CORE_BANKING_URL?: string;

  @WholeNumber(0, 65535)
  PORT: number = 3000;

  @IsIn(['api', 'worker', 'all'], { message: 'ROLE must be one of api, worker, all' })
  ROLE: ProcessRole = 'all';

  @WholeNumber(0, 65535)
  SIMULATOR_PORT: number = 4010;

  @WholeNumber(100)
  CORE_BANKING_TIMEOUT_MS: number = 5000;

  /** Attempts per effect before it is given up and the operator is told what to do instead. */
  @WholeNumber(1, 50)
  EFFECT_MAX_ATTEMPTS: number = 5;

  /** First retry delay; later ones double (exponential backoff). */
  @WholeNumber(0)
  EFFECT_BACKOFF_MS: number = 1000;

  /** While core banking does not list the cards of an incident opened during its outage, how long until it is asked again. */
  @WholeNumber(1)
  CARD_RECONCILE_RETRY_SECONDS: number = 300;

  /** Unfinished effects untouched for this long are checked for a live job and re-enqueued if they have none. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  SWEEP_AFTER_MS: number = 30_000;

  /** How often the sweeper looks (in worker processes). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  SWEEP_INTERVAL_MS: number = 5_000;

  /** Start even if Redis may evict keys (jobs). Only for throwaway environments. */
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  REDIS_ALLOW_EVICTION: boolean = false;

  /** Connections per process to Postgres; replicas × pool size must stay under the server's max_connections. */
  @WholeNumber(1, 1000)
  DATABASE_POOL_SIZE: number = 20;

  /**
   * Express `trust proxy`: which hops in front of the API may name the client in X-Forwarded-For
   * (false, true, a hop count, or comma-separated addresses/subnets), so audit origins are real clients.
   */
  @Transform(({ value }) => trustProxy(value))
  @Matches(/^(?!.*,\s*,)[\w.:/, -]+$/, { message: 'TRUST_PROXY must be false, true, a hop count, or comma-separated addresses' })
  TRUST_PROXY: string = 'false';

  /** On SIGTERM, how long running jobs may take to finish before the process exits anyway. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  SHUTDOWN_TIMEOUT_MS: number = 25_000;

  /** Prefix of Lifeline's Redis keys (BullMQ queues, rate-limit counters); braces make it a Redis Cluster hash tag. */
  @IsString()
  @Matches(/^[{}\w:-]+$/, { message: 'QUEUE_PREFIX may hold letters, digits, _ - : { } only' })
  QUEUE_PREFIX: string = '{lifeline}';

  /** Where the playbook files are; the project's `playbooks/` by default. */
  @IsOptional()
  @IsString()
  PLAYBOOKS_DIR?: string;

  /** Longest script (`say`, calm variants) an operator can read aloud calmly, in words; a longer one refuses to load. */
  @WholeNumber(1)
  PLAYBOOK_MAX_SCRIPT_WORDS: number = READABILITY_DEFAULTS.maxScriptWords;

  /** Most steps on a playbook's primary path: one call cannot bear more. */
  @WholeNumber(1)
  PLAYBOOK_MAX_PRIMARY_STEPS: number = READABILITY_DEFAULTS.maxPrimarySteps;

  /** Requests a caller (a token subject, or a client address without a valid token) may make per minute, across every API process. */
  @WholeNumber(1)
  RATE_LIMIT_PER_MINUTE: number = 600;

  /** The longest a token may be valid from now: a token whose `exp` is further ahead is refused. */
  @WholeNumber(60)
  TOKEN_MAX_LIFETIME_SECONDS: number = 12 * 3600;

  /** When set, a token's `iss` must be exactly this. */
  @IsOptional()
  @IsString()
  JWT_ISSUER?: string;

  /** When set, a token's `aud` must name this. */
  @IsOptional()
  @IsString()
  JWT_AUDIENCE?: string;

  /** Lifetime of tokens printed by `npm run token`. */
  @WholeNumber(60)
  TOKEN_TTL_SECONDS: number = 8 * 3600;

  /** How late a commitment (a callback, a new card, a refund decision) may be before the supervisor is alerted and the customer updated. */
  @WholeNumber(0)
  COMMITMENT_GRACE_MS: number = 10 * 60_000;

  /** How long after an incident is resolved the customer is asked how it went. */
  @WholeNumber(0)
  FOLLOW_UP_DELAY_MS: number = 24 * 3600_000;

  /** The jurisdiction of an incident opened without one; it must be in the jurisdiction rules. */
  @Matches(/^[A-Z]{2}$/, { message: 'DEFAULT_JURISDICTION must be a jurisdiction code such as RU, EU or US' })
  DEFAULT_JURISDICTION: string = 'RU';

  /** The customer's time zone where an incident is opened without one: times in scripts and messages are said in it. */
  @IsTimeZone({ message: 'DEFAULT_TIME_ZONE must be an IANA time zone such as Europe/Moscow' })
  DEFAULT_TIME_ZONE: string = 'Europe/Moscow';

  /** When the bank may call a customer, on the clock in the customer's time zone ("08:00-21:00"; "22:00-06:00" spans midnight). */
  @Matches(/^(?!(\d\d:\d\d)-\1$)([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$/, {
    message: 'CONTACT_HOURS must be two different times of day such as 08:00-21:00',
  })
  CONTACT_HOURS: string = '08:00-21:00';

  /** The card processing centre's hotline: the operator calls it to block a card by phone when core banking does not confirm a block. */
  @Matches(/^\+?[0-9][0-9 ()-]{5,}$/, { message: 'CARD_PROCESSING_HOTLINE must be a phone number such as +7 495 123-45-67' })
  CARD_PROCESSING_HOTLINE: string = '+7 495 000-11-22';

  /** The fraud desk: the operator calls it when a card cannot be protected and money may be at risk. */
  @Matches(/^\+?[0-9][0-9 ()-]{5,}$/, { message: 'FRAUD_DESK_PHONE must be a phone number such as +7 495 123-45-67' })
  FRAUD_DESK_PHONE: string = '+7 495 000-33-44';

  /** Calls the customer does not answer before the incident closes with a written summary instead of calling again. */
  @WholeNumber(1, 20)
  CALLBACK_MAX_UNREACHABLE_ATTEMPTS: number = 3;

  /** An open incident with no event for this long alerts a supervisor. */
  @WholeNumber(1000)
  INCIDENT_UNTOUCHED_ALERT_MS: number = 4 * 3600_000;

  /** After a follow-up score of 1 or 2, how soon a supervisor contacts the customer (the promise they hear). */
  @WholeNumber(60_000)
  RECOVERY_CONTACT_WITHIN_MS: number = 24 * 3600_000;

  /** Port on which a `ROLE=worker` process serves its probes and metrics (it serves nothing else). */
  @WholeNumber(0, 65535)
  WORKER_HEALTH_PORT: number = 3001;

  /** Liveness fails when the event loop has lagged more than this (ms) in the last few seconds: the process is stuck. */
  @WholeNumber(10)
  HEALTH_MAX_EVENT_LOOP_DELAY_MS: number = 5000;

  /** Readiness fails when more jobs than this wait in the queues (delayed timers do not count). */
  @WholeNumber(1)
  HEALTH_MAX_QUEUE_BACKLOG: number = 10_000;

  /**
   * Above this event-loop delay (ms, in the last half second or so) an API process answers reads under /v1
   * with 503 and Retry-After, so steps, card blocks and their reports keep the loop; 0 never sheds for this.
   */
  @WholeNumber(0)
  SHED_READS_AT_LOOP_DELAY_MS: number = 200;

  /**
   * Also shed reads while this many queries (or more) wait for one of the process's database connections:
   * a read would wait behind them and hold a connection a card block needs; 0 never sheds for this.
   */
  @WholeNumber(0)
  SHED_READS_AT_POOL_WAITING: number = 10;

  /**
   * At most this many operator steps run at once in an API process; the rest wait their turn, and a step that can
   * block or freeze cards never waits, so under load the blocks are not starved by every operator's step at once.
   * 0: no limit.
   */
  @WholeNumber(0)
  STEP_CONCURRENCY: number = 4;

  /** A step that waited this long for its turn is answered 503 with Retry-After, nothing changed (ms). */
  @WholeNumber(1)
  STEP_WAIT_MAX_MS: number = 5000;

  /** The Retry-After, in seconds, of a read (or a step) turned away under overload. */
  @WholeNumber(1, 60)
  SHED_RETRY_AFTER_S: number = 1;

  /** When set, `/metrics` needs `Authorization: Bearer <METRICS_TOKEN>`; unset, it is open (serve it on an internal network only). */
  @IsOptional()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  /** json: one JSON object per line (production); text: Nest's readable lines (development). */
  @IsIn(['json', 'text'], { message: 'LOG_FORMAT must be one of json, text' })
  LOG_FORMAT: 'json' | 'text' = 'json';

  /** How many times to try reaching Postgres and Redis at boot before exiting with one clear line. */
  @WholeNumber(1, 100)
  BOOT_CONNECT_ATTEMPTS: number = 5;

  /** Pause between those tries, in ms. */
  @WholeNumber(0)
  BOOT_CONNECT_DELAY_MS: number = 1000;

  /** HMAC keys of the audit trail, `id1:secret1,id2:secret2` (secrets of 32+ characters); kept outside the database. Checked at boot with the two below. */
  @IsString()
  AUDIT_KEYS: string;

  /** The key of AUDIT_KEYS that links new rows; older keys stay listed so the rows they linked still verify. */
  @IsString()
  AUDIT_KEY_ID: string;

  /** Ed25519 private key (PKCS#8 DER, base64) that signs checkpoints of the trail's head. */
  @IsString()
  AUDIT_SIGNING_KEY: string;

  /** Append-only file that every signed checkpoint is also written to (one JSON line each); unset: the database only. */
  @IsOptional()
  @IsString()
  AUDIT_CHECKPOINT_FILE?: string;

  /** How often a process checkpoints the head of the trail (and always when it stops); 0: only when it stops. */
  @WholeNumber(0)
  AUDIT_CHECKPOINT_INTERVAL_MS: number = 60_000;

  /** The jurisdiction rules file (the liability clock); the shipped src/liability/jurisdiction-rules.yaml by default. */
  @IsOptional()
  @IsString()
  LIABILITY_RULES_FILE?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function trustProxy(value: unknown): string {
  return typeof value === 'string' ? value.trim() : String(value);
}

/** Express's `trust proxy` value for TRUST_PROXY. */
export function trustProxySetting(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** One line per bad variable, never its value (it may be a secret). */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const config = plainToInstance(AppConfig, setVariables(env));
  const problems = validateSync(config).map((e) => {
    const message = Object.values(e.constraints ?? {})[0] ?? `${e.property} is not valid`;
    const rule = message.startsWith(`${e.property} `) ? message.slice(e.property.length + 1) : message;
    return e.value === undefined ? `${e.property} is not set; it ${rule}` : `${e.property} ${rule}`;
  });
  // Each split process would otherwise start its own in-memory bank, and they would disagree.
  if ((config.ROLE === 'api' || config.ROLE === 'worker') && !config.CORE_BANKING_URL) problems.push(`CORE_BANKING_URL is not set; ROLE=${config.ROLE} needs the shared core banking (the embedded simulator runs only with ROLE=all)`);
  if (config.CONSOLE_DEV_SIGNIN && config.NODE_ENV === 'production') problems.push('CONSOLE_DEV_SIGNIN must not be true when NODE_ENV=production');
  if (config.CONSOLE_DEV_SIGNIN && !config.JWT_SECRET) problems.push('CONSOLE_DEV_SIGNIN needs JWT_SECRET (dev tokens are signed with it)');
  const reported = new Set(problems.map((p) => p.split(' ')[0]));
  problems.push(...auditKeyProblems(config).filter((p) => !reported.has(p.split(' ')[0])));
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Our own variables that are set; an empty one counts as unset (`CORE_BANKING_URL=` in .env). */
function setVariables(env: Record<string, string | undefined>): Record<string, string> {
  const known = Object.keys(new AppConfig());
  const keys = new Set([...known, 'DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'CORE_BANKING_URL', 'PLAYBOOKS_DIR', 'LIABILITY_RULES_FILE', 'METRICS_TOKEN', 'OIDC_ISSUER_URL', 'OIDC_AUDIENCE', 'OIDC_CLIENT_ID', 'NODE_ENV', 'JWT_ISSUER', 'JWT_AUDIENCE', 'AUDIT_KEYS', 'AUDIT_KEY_ID', 'AUDIT_SIGNING_KEY', 'AUDIT_CHECKPOINT_FILE']);
  return Object.fromEntries(Object.entries(env).filter(([k, v]) => keys.has(k) && v !== undefined && v !== '')) as Record<
    string,
    string
  >;
}
