import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { parse } from 'yaml';
import { loadConfig } from '../src/config/app-config.js';
import { TEST_AUDIT_KEYS } from './support/test-env.js';

type Service = {
  image?: string;
  command?: string[];
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
  env_file?: string[];
  environment?: Record<string, string>;
};

const ROOT = new URL('..', import.meta.url);
const composeText = readFileSync(new URL('docker/compose.yml', ROOT), 'utf8');
const compose = parse(composeText, { merge: true }) as { name: string; services: Record<string, Service>; volumes: Record<string, unknown> };
const dockerfile = readFileSync(new URL('docker/Dockerfile', ROOT), 'utf8');
const envExample = parseEnv(readFileSync(new URL('docker/env.example', ROOT), 'utf8'));
const services = Object.entries(compose.services);

function seconds(duration: string): number {
  const match = /^(\d+)(ms|s|m)$/.exec(duration);
  if (!match) throw new Error(`unreadable duration ${duration}`);
  return Number(match[1]) / { ms: 1000, s: 1, m: 1 / 60 }[match[2] as 'ms' | 's' | 'm'];
}

describe('docker/compose.yml, as a platform team would run it', () => {
  it('publishes every port on 127.0.0.1 only', () => {
    const ports = services.flatMap(([name, service]) => (service.ports ?? []).map((port) => `${name} ${port}`));
    expect(ports.length).toBeGreaterThan(0);
    for (const port of ports) expect(port).toMatch(/^\S+ 127\.0\.0\.1:\d+:\d+$/);
  });

  it('gives every service a healthcheck', () => {
    expect(services.filter(([, service]) => !service.healthcheck?.test?.length).map(([name]) => name)).toEqual([]);
  });

  it("waits longer than Lifeline's shutdown timeout before killing an api or worker process", () => {
    const shutdownSeconds = loadConfig({ DATABASE_URL: 'postgres://x@db/x', REDIS_URL: 'redis://redis:6379', JWT_SECRET: 'x'.repeat(32), ...TEST_AUDIT_KEYS, SHUTDOWN_TIMEOUT_MS: envExample.SHUTDOWN_TIMEOUT_MS }).SHUTDOWN_TIMEOUT_MS / 1000;
    for (const name of ['api', 'worker']) {
      const grace = compose.services[name].stop_grace_period;
      expect({ name, grace }).toEqual({ name, grace: expect.any(String) });
      expect(seconds(grace!)).toBeGreaterThan(shutdownSeconds);
    }
  });

  it('keeps Postgres and Redis data in named volumes', () => {
    expect(compose.services.postgres.volumes).toContain('postgres-data:/var/lib/postgresql/data');
    expect(compose.services.redis.volumes).toContain('redis-data:/data');
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['postgres-data', 'redis-data']));
  });

  it('runs Redis with a memory bound, no eviction and an append-only file', () => {
    const command = compose.services.redis.command!.join(' ');
    expect(command).toMatch(/--maxmemory \d+\w*/);
    expect(command).toMatch(/--maxmemory-policy noeviction/);
    expect(command).toMatch(/--appendonly yes/);
  });

  it('takes secrets from an env file that is not committed, and commits none', () => {
    for (const name of ['postgres', 'api', 'worker']) expect(compose.services[name].env_file).toEqual(['.env']);
    expect(readFileSync(new URL('.gitignore', ROOT), 'utf8').split('\n')).toContain('docker/.env');
    expect(composeText).not.toMatch(/JWT_SECRET|PASSWORD\s*:/);
    expect(envExample.JWT_SECRET).toBe('');
    const tracked = execFileSync('git', ['ls-files', 'docker'], { cwd: ROOT, encoding: 'utf8' }).split('\n');
    expect(tracked).not.toContain('docker/.env');
  });

  it('builds a multi-stage image that runs as a non-root user with a healthcheck and compiled operator scripts', () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/health\/live/m);
    const scripts = (JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const script of ['token', 'migrate', 'audit-verify']) {
      expect(Object.values(scripts)).toContain(`node dist/scripts/${script}.js`);
    }
    expect(JSON.parse(readFileSync(new URL('tsconfig.build.json', ROOT), 'utf8')).include).toContain('scripts');
  });
});
