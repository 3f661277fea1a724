import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

export type ProcessRole = 'api' | 'worker' | 'all';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Every setting the service reads, validated once at boot. `.env.example` documents each one;
 * the process refuses to start with one clear line per bad or missing variable.
 */
export class AppConfig {
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;

  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL: string;

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET: string;

  /** Unset: the service starts the core-banking simulator itself (the embedded default). */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^https?:\/\//, { message: 'CORE_BANKING_URL must be an http(s):// URL' })
  CORE_BANKING_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @IsIn(['api', 'worker', 'all'], { message: 'ROLE must be one of api, worker, all' })
  ROLE: ProcessRole = 'all';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  SIMULATOR_PORT: number = 4010;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  CORE_BANKING_TIMEOUT_MS: number = 5000;

  /** Attempts per effect before it is given up and the operator is told what to do instead. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  EFFECT_MAX_ATTEMPTS: number = 5;

  /** First retry delay; later ones double (exponential backoff). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  EFFECT_BACKOFF_MS: number = 1000;

  /** BullMQ key prefix; braces make it a Redis Cluster hash tag. */
  @IsString()
  @Matches(/^[{}\w:-]+$/, { message: 'QUEUE_PREFIX may hold letters, digits, _ - : { } only' })
  QUEUE_PREFIX: string = '{lifeline}';

  /** Where the playbook files are; the project's `playbooks/` by default. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  PLAYBOOKS_DIR?: string;

  /** Lifetime of tokens printed by `npm run token`. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  TOKEN_TTL_SECONDS: number = 8 * 3600;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const config = plainToInstance(AppConfig, stripUnknown(env));
  const errors = validateSync(config, { whitelist: false });
  const problems = errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) => (m.startsWith(e.property) ? m : `${e.property}: ${m}`)),
  );
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Only our own keys reach the validator, so the rest of the environment never shows up in errors. */
function stripUnknown(env: Record<string, string | undefined>): Record<string, string> {
  const known = Object.keys(new AppConfig());
  const keys = new Set([...known, 'DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'CORE_BANKING_URL', 'PLAYBOOKS_DIR']);
  return Object.fromEntries(Object.entries(env).filter(([k, v]) => keys.has(k) && v !== undefined)) as Record<
    string,
    string
  >;
}
