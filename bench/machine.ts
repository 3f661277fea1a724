import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { Redis } from 'ioredis';
import { BENCH_REDIS_URL, type BenchStack } from './stack.js';

export interface Machine {
  date: string;
  /** The commit measured (with +dirty when the work tree has changes). */
  commit: string;
  cpu: string;
  cores: number;
  memory: string;
  node: string;
  postgres: string;
  redis: string;
  /** The 1-minute load average when the run started and when it ended: other work on the machine shows up here. */
  load: number;
  loadAtEnd: number;
}

/** What the numbers were measured on: they mean nothing without it. */
export async function describeMachine(stack: BenchStack, load: number): Promise<Machine> {
  const { rows } = await stack.pool.query<{ server_version: string }>('SHOW server_version');
  const redis = new Redis(BENCH_REDIS_URL);
  const redisInfo = await redis.info('server');
  await redis.quit();
  return {
    date: new Date().toISOString(),
    commit: gitCommit(),
    cpu: /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown',
    cores: Number(execFileSync('nproc').toString().trim()),
    memory: /Mem:\s+(\S+)/.exec(execFileSync('free', ['-h']).toString())?.[1] ?? 'unknown',
    node: process.version,
    postgres: rows[0].server_version,
    redis: /redis_version:(\S+)/.exec(redisInfo)?.[1] ?? 'unknown',
    load,
    loadAtEnd: loadavg()[0],
  };
}

function gitCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no']).toString().trim() !== '';
    return dirty ? `${commit}+dirty` : commit;
  } catch {
    return 'unknown';
  }
}
