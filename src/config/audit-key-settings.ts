import { createPrivateKey } from 'node:crypto';

/**
 * What the audit keys are read from (`.env.example` documents each), and the rules they follow. Config's own:
 * the process refuses to start on bad keys, before the audit trail that uses them is built.
 */
export interface AuditKeySettings {
  AUDIT_KEYS: string;
  AUDIT_KEY_ID: string;
  AUDIT_SIGNING_KEY: string;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const MIN_SECRET = 32;

/** One line per problem, naming the variable, never its value. */
export function auditKeyProblems(settings: Partial<AuditKeySettings>): string[] {
  const problems: string[] = [];
  const secrets = settings.AUDIT_KEYS ? parseAuditSecrets(settings.AUDIT_KEYS) : null;
  if (!secrets) problems.push('AUDIT_KEYS is not set; it must list key ids and secrets as id1:secret1,id2:secret2');
  else if (secrets.size === 0 || [...secrets].some(([id, secret]) => !KEY_ID.test(id) || secret.length < MIN_SECRET)) {
    problems.push(`AUDIT_KEYS must list id:secret pairs split by commas; ids of letters, digits, _ -; secrets of at least ${MIN_SECRET} characters`);
  }
  if (!settings.AUDIT_KEY_ID) problems.push('AUDIT_KEY_ID is not set; it names the key of AUDIT_KEYS that links new audit rows');
  else if (secrets && !secrets.has(settings.AUDIT_KEY_ID)) problems.push('AUDIT_KEY_ID must be one of the key ids in AUDIT_KEYS');
  if (!settings.AUDIT_SIGNING_KEY) problems.push('AUDIT_SIGNING_KEY is not set; it is the Ed25519 private key (PKCS#8 DER, base64) that signs checkpoints');
  else {
    try {
      const key = createPrivateKey({ key: Buffer.from(settings.AUDIT_SIGNING_KEY, 'base64'), format: 'der', type: 'pkcs8' });
      if (key.asymmetricKeyType !== 'ed25519') problems.push('AUDIT_SIGNING_KEY must be an Ed25519 key');
    } catch {
      problems.push('AUDIT_SIGNING_KEY must be an Ed25519 private key, PKCS#8 DER in base64 (see .env.example)');
    }
  }
  return problems;
}

/** Key id to secret, as AUDIT_KEYS lists them. */
export function parseAuditSecrets(list: string): Map<string, Buffer> {
  const secrets = new Map<string, Buffer>();
  for (const pair of list.split(',')) {
    const at = pair.indexOf(':');
    secrets.set(at < 0 ? pair.trim() : pair.slice(0, at).trim(), Buffer.from(at < 0 ? '' : pair.slice(at + 1)));
  }
  return secrets;
}
