import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { useWords } from '../i18n.js';
import { beginSignIn, finishSignIn, type OidcConfig } from '../oidc.js';
import { saveSession, type Session } from '../session.js';

interface ConsoleConfig {
  devSignIn: boolean;
  oidc: OidcConfig | null;
}

const ROLES = ['operator', 'supervisor', 'risk'] as const;

export function SignIn({ onSignedIn, callback }: { onSignedIn: (s: Session) => void; callback: boolean }) {
  const w = useWords();
  const [config, setConfig] = useState<ConsoleConfig | null>(null);
  const [error, setError] = useState('');
  const [sub, setSub] = useState('');
  const [role, setRole] = useState<string>('operator');

  useEffect(() => {
    api<ConsoleConfig>('/v1/console/config')
      .then(async (c) => {
        setConfig(c);
        if (callback && c.oidc) onSignedIn(saveSession(await finishSignIn(c.oidc, new URLSearchParams(location.search))));
      })
      .catch((e: Error) => setError(e.message));
  }, []);

  const devSignIn = async (e: Event) => {
    e.preventDefault();
    try {
      const { token } = await api<{ token: string }>('/v1/console/dev-token', { method: 'POST', body: { sub: sub.trim(), roles: [role] } });
      onSignedIn(saveSession(token));
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <main id="main" class="sign-in">
      <h1>{w.appName}</h1>
      {error && <p class="error" role="alert">{error}</p>}
      {!config && !error && <p>{w.loading}</p>}
      {config?.oidc && (
        <button type="button" class="primary" onClick={() => void beginSignIn(config.oidc!)} autofocus>
          {callback ? w.signingIn : w.signInWithBank}
        </button>
      )}
      {config?.devSignIn && (
        <form onSubmit={devSignIn} class="panel" aria-labelledby="dev-sign-in">
          <h2 id="dev-sign-in">{w.devSignIn}</h2>
          <p class="note">{w.devSignInNote}</p>
          <label>
            {w.operatorId}
            <input name="sub" required value={sub} onInput={(e) => setSub(e.currentTarget.value)} autofocus={!config.oidc} autocomplete="username" />
          </label>
          <fieldset>
            <legend>{w.role}</legend>
            {ROLES.map((r) => (
              <label class="inline" key={r}>
                <input type="radio" name="role" value={r} checked={role === r} onChange={() => setRole(r)} /> {w[r]}
              </label>
            ))}
          </fieldset>
          <button type="submit" class="primary">{w.signIn}</button>
        </form>
      )}
      {config && !config.oidc && !config.devSignIn && <p>{w.noSignIn}</p>}
    </main>
  );
}
