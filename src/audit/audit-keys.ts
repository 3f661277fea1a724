import { createHmac, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';

/** What the audit keys are read from: `.env.example` documents each. */
export interface AuditKeySettings {
  AUDIT_KEYS: string;
  AUDIT_KEY_ID: string;
  AUDIT_SIGNING_KEY: string;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const MIN_SECRET = 32;

/**
 * The keys of the audit trail, all held outside the database: HMAC secrets by key id (the current one links
 * new rows; older ones still verify the rows they linked) and the Ed25519 key that signs checkpoints.
 */
export class AuditKeys {
  private constructor(
    private readonly secrets: ReadonlyMap<string, Buffer>,
    readonly currentKeyId: string,
    private readonly signingKey: KeyObject,
    readonly verifyKey: KeyObject,
  ) {}

  /** Throws with every problem (never a secret) when the settings are not usable. */
  static from(settings: AuditKeySettings): AuditKeys {
    const problems = auditKeyProblems(settings);
    if (problems.length > 0) throw new Error(problems.join('; '));
    const signingKey = createPrivateKey({ key: Buffer.from(settings.AUDIT_SIGNING_KEY, 'base64'), format: 'der', type: 'pkcs8' });
    return new AuditKeys(parseSecrets(settings.AUDIT_KEYS), settings.AUDIT_KEY_ID, signingKey, createPublicKey(signingKey));
  }

  /** HMAC-SHA-256 over the key id, the previous link and the row's canonical content; null for an unknown key id. */
  link(keyId: string, prevHash: string, content: string): string | null {
    const secret = this.secrets.get(keyId);
    return secret ? createHmac('sha256', secret).update(`${keyId}\n${prevHash}\n`).update(content).digest('hex') : null;
  }

  sign(payload: string): string {
    return sign(null, Buffer.from(payload), this.signingKey).toString('base64');
  }

  verifies(payload: string, signature: string): boolean {
    try {
      return verify(null, Buffer.from(payload), this.verifyKey, Buffer.from(signature, 'base64'));
    } catch {
      return false;
    }
  }
}

/** One line per problem, naming the variable, never its value. */
export function auditKeyProblems(settings: Partial<AuditKeySettings>): string[] {
  const problems: string[] = [];
  const secrets = settings.AUDIT_KEYS ? parseSecrets(settings.AUDIT_KEYS) : null;
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

function parseSecrets(list: string): Map<string, Buffer> {
  const secrets = new Map<string, Buffer>();
  for (const pair of list.split(',')) {
    const at = pair.indexOf(':');
    secrets.set(at < 0 ? pair.trim() : pair.slice(0, at).trim(), Buffer.from(at < 0 ? '' : pair.slice(at + 1)));
  }
  return secrets;
}
