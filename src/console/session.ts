/** Who is signed in. Kept in sessionStorage: closing the tab signs out, and no other tab reads it. */
export interface Session {
  token: string;
  sub: string;
  roles: string[];
}

const KEY = 'lifeline.session';

export function loadSession(): Session | null {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  const session = JSON.parse(raw) as Session;
  return tokenExpired(session.token) ? null : session;
}

export function saveSession(token: string): Session {
  const claims = decodeClaims(token);
  const session = { token, sub: String(claims.sub ?? ''), roles: rolesOf(claims) };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}

// Only to show who is signed in and which screens to offer; the service verifies the token.
function decodeClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  const bytes = Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

function rolesOf(claims: Record<string, unknown>): string[] {
  const roles = claims.roles;
  return Array.isArray(roles) ? roles.map(String) : [];
}

function tokenExpired(token: string): boolean {
  const exp = Number(decodeClaims(token).exp);
  return Number.isFinite(exp) && exp * 1000 < Date.now();
}
