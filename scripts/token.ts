/**
 * `npm run token -- --sub op-1 --roles operator[,supervisor]` prints a Bearer token for development,
 * signed with JWT_SECRET from the environment or .env.
 */
import { existsSync } from 'node:fs';
import { ROLES, type Role } from '../src/auth/principal.js';
import { signToken } from '../src/auth/tokens.js';
import { flags, usageError } from './cli.js';

const USAGE = 'npm run token -- --sub ID --roles operator[,supervisor,risk,system] [--ttl SECONDS]';

if (existsSync('.env')) process.loadEnvFile('.env');
const values = flags(USAGE, { sub: { type: 'string' }, roles: { type: 'string' }, ttl: { type: 'string' } });
const roles = (values.roles ?? '').split(',').filter(Boolean);
const secret = process.env.JWT_SECRET;
const problems = [
  !values.sub && '--sub is required (the actor recorded on every event)',
  roles.length === 0 && `--roles is required: a comma-separated list of ${ROLES.join(', ')}`,
  ...roles.filter((r) => !(ROLES as readonly string[]).includes(r)).map((r) => `unknown role ${r} (known: ${ROLES.join(', ')})`),
  (!secret || secret.length < 32) && 'JWT_SECRET must be set (32+ characters), e.g. in .env',
].filter(Boolean);
if (problems.length > 0) usageError(USAGE, problems.join('\n'));
const ttl = Number(values.ttl ?? process.env.TOKEN_TTL_SECONDS ?? 8 * 3600);
console.log(signToken({ sub: values.sub!, roles: roles as Role[] }, secret!, ttl, { issuer: process.env.JWT_ISSUER || undefined, audience: process.env.JWT_AUDIENCE || undefined }));
