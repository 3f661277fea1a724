import { ConfigError, loadConfig } from './app-config.js';

const SECRET = 'a-perfectly-long-secret-for-signing-tokens';
const VALID = {
  DATABASE_URL: 'postgres://postgres@db:5432/lifeline',
  REDIS_URL: 'redis://redis:6379',
  JWT_SECRET: SECRET,
  AUDIT_KEYS: 'k1:an-audit-key-that-is-long-enough-for-hmac',
  AUDIT_KEY_ID: 'k1',
  AUDIT_SIGNING_KEY: 'MC4CAQAwBQYDK2VwBCIEIJjw+F2ICtLjveSzH5CdAkHBd0/nmbGDYxdssoLKGIjt',
};

function refusal(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected the configuration to be refused');
}

/** The problems an operator would read at boot, one line each. */
const problemsOf = (env: Record<string, string | undefined>) => refusal(env).problems;

describe('loadConfig', () => {
  it('fills the documented defaults for everything optional', () => {
    const config = loadConfig(VALID);
    expect(config).toMatchObject({ PORT: 3000, ROLE: 'all', SIMULATOR_PORT: 4010, QUEUE_PREFIX: '{lifeline}', CONTACT_HOURS: '08:00-21:00' });
    expect(config.CORE_BANKING_URL).toBeUndefined();
    expect(config.PLAYBOOKS_DIR).toBeUndefined();
  });

  it('reads numbers from their text form', () => {
    expect(loadConfig({ ...VALID, PORT: '8080', SIMULATOR_PORT: '0', ROLE: 'worker', CORE_BANKING_URL: 'http://bank:8080' })).toMatchObject({ PORT: 8080, SIMULATOR_PORT: 0, ROLE: 'worker' });
  });

  it('treats an empty variable as unset, as `CORE_BANKING_URL=` in .env means "use the embedded simulator"', () => {
    const config = loadConfig({ ...VALID, CORE_BANKING_URL: '', PORT: '', ROLE: '', PLAYBOOKS_DIR: '' });
    expect(config.CORE_BANKING_URL).toBeUndefined();
    expect(config.PLAYBOOKS_DIR).toBeUndefined();
    expect(config).toMatchObject({ PORT: 3000, ROLE: 'all' });
  });

  it.each([
    ['a missing DATABASE_URL', { DATABASE_URL: undefined }, /^DATABASE_URL is not set; it must be a postgres:\/\/ URL$/],
    ['a DATABASE_URL for another database engine', { DATABASE_URL: 'mysql://db/lifeline' }, /^DATABASE_URL must be a postgres:\/\/ URL$/],
    ['a short JWT_SECRET', { JWT_SECRET: 'too-short' }, /^JWT_SECRET must be at least 32 characters$/],
    ['a missing JWT_SECRET', { JWT_SECRET: undefined }, /^JWT_SECRET is not set; it must be at least 32 characters$/],
    ['an empty JWT_SECRET', { JWT_SECRET: '' }, /^JWT_SECRET is not set/],
    ['a bad ROLE', { ROLE: 'boss' }, /^ROLE must be one of api, worker, all$/],
    ['a non-numeric PORT', { PORT: 'http' }, /^PORT must be a whole number from 0 to 65535$/],
    ['a PORT out of range', { PORT: '70000' }, /^PORT must be a whole number from 0 to 65535$/],
    ['a fractional PORT', { PORT: '80.5' }, /^PORT must be a whole number from 0 to 65535$/],
    ['contact hours that are not two times of day', { CONTACT_HOURS: '8-21' }, /^CONTACT_HOURS must be two different times of day such as 08:00-21:00$/],
    ['contact hours that start when they end', { CONTACT_HOURS: '09:00-09:00' }, /^CONTACT_HOURS must be two different times/],
  ])('refuses %s with one clear line naming the variable', (_, change, line) => {
    const problems = problemsOf({ ...VALID, ...change });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(line);
  });

  it('never repeats a bad value back, since it may be a secret', () => {
    const [problem] = problemsOf({ ...VALID, JWT_SECRET: 'hunter2-short' });
    expect(problem).not.toContain('hunter2');
  });

  it('lists every bad variable at once, and says nothing about the rest of the environment', () => {
    const { AUDIT_KEYS, AUDIT_KEY_ID, AUDIT_SIGNING_KEY } = VALID;
    const error = refusal({ REDIS_URL: 'redis://redis:6379', PORT: 'x', ROLE: 'boss', PATH: '/usr/bin', HOME: '', AUDIT_KEYS, AUDIT_KEY_ID, AUDIT_SIGNING_KEY });
    expect(error.problems.map((p) => p.split(' ')[0]).sort()).toEqual(['DATABASE_URL', 'JWT_SECRET', 'PORT', 'ROLE']);
    expect(error.message.split('\n')).toHaveLength(1 + 4);
    expect(error.message).not.toMatch(/PATH|HOME/);
  });

  it('checks the audit keys at boot, naming the variable and never a secret', () => {
    const problems = (env: Record<string, string | undefined>) => refusal({ ...VALID, ...env }).problems;
    expect(problems({ AUDIT_KEYS: 'k1:short' })).toEqual([expect.stringMatching(/^AUDIT_KEYS must list id:secret pairs/)]);
    expect(problems({ AUDIT_KEY_ID: 'k9' })).toEqual(['AUDIT_KEY_ID must be one of the key ids in AUDIT_KEYS']);
    expect(problems({ AUDIT_SIGNING_KEY: 'bm90IGEga2V5' })).toEqual([expect.stringMatching(/^AUDIT_SIGNING_KEY must be an Ed25519 private key/)]);
    expect(problems({ AUDIT_KEYS: undefined, AUDIT_KEY_ID: undefined })).toEqual([expect.stringMatching(/^AUDIT_KEYS is not set/), expect.stringMatching(/^AUDIT_KEY_ID is not set/)]);
    expect(JSON.stringify(problems({ AUDIT_KEYS: 'k1:short' }))).not.toContain('short');
    expect(loadConfig({ ...VALID, AUDIT_KEYS: `old:${'o'.repeat(32)},k1:${'n'.repeat(32)}` }).AUDIT_KEY_ID).toBe('k1');
  });
});

describe('configuration for several replicas', () => {
  it('refuses ROLE=api or ROLE=worker without CORE_BANKING_URL, in one line naming it', () => {
    for (const ROLE of ['api', 'worker']) {
      expect(refusal({ ...VALID, ROLE }).message).toMatch(new RegExp(`CORE_BANKING_URL is not set; ROLE=${ROLE} needs the shared core banking`));
    }
    expect(loadConfig({ ...VALID, ROLE: 'all' }).CORE_BANKING_URL).toBeUndefined();
    expect(loadConfig({ ...VALID, ROLE: 'worker', CORE_BANKING_URL: 'http://bank:8080' }).ROLE).toBe('worker');
  });

  it('takes the Postgres pool size and the trusted proxies from the environment', () => {
    expect(loadConfig(VALID)).toMatchObject({ DATABASE_POOL_SIZE: 20, TRUST_PROXY: 'false' });
    expect(loadConfig({ ...VALID, DATABASE_POOL_SIZE: '50', TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' })).toMatchObject({ DATABASE_POOL_SIZE: 50, TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' });
    expect(refusal({ ...VALID, DATABASE_POOL_SIZE: '0' }).message).toMatch(/DATABASE_POOL_SIZE/);
    expect(refusal({ ...VALID, TRUST_PROXY: 'yes please!' }).message).toMatch(/TRUST_PROXY must be false, true, a hop count/);
  });
});
