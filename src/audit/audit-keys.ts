import { createHmac, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { auditKeyProblems, type AuditKeySettings, parseAuditSecrets } from '../config/audit-key-settings.js';

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
    return new AuditKeys(parseAuditSecrets(settings.AUDIT_KEYS), settings.AUDIT_KEY_ID, signingKey, createPublicKey(signingKey));
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
