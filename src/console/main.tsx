import { render } from 'preact';
import { useCallback, useState } from 'preact/hooks';
import { AnnounceContext, LiveRegion } from './announcer.js';
import { LangContext, wordsFor, type Lang } from './i18n.js';
import { linkProps, navigate, useRoute } from './router.js';
import { Designer } from './screens/designer.js';
import { IncidentScreen } from './screens/incident.js';
import { OperatorHome } from './screens/operator-home.js';
import { RiskScreen } from './screens/risk.js';
import { SignIn } from './screens/sign-in.js';
import { SupervisorScreen } from './screens/supervisor.js';
import { clearSession, loadSession, type Session } from './session.js';
import './style.css';

const LANG_KEY = 'lifeline.lang';

function App() {
  const [session, setSession] = useState<Session | null>(loadSession());
  const [lang, setLang] = useState<Lang>((localStorage.getItem(LANG_KEY) as Lang) ?? 'en');
  const [announcement, setAnnouncement] = useState('');
  const announce = useCallback((message: string) => setAnnouncement(message), []);
  const route = useRoute();
  const w = wordsFor(lang);

  const chooseLang = (next: Lang) => {
    localStorage.setItem(LANG_KEY, next);
    document.documentElement.lang = next;
    setLang(next);
  };
  document.documentElement.lang = lang;

  const signedIn = (s: Session) => {
    setSession(s);
    navigate(s.roles.includes('supervisor') ? '/supervision' : s.roles.includes('risk') && !s.roles.includes('operator') ? '/risk' : '/');
  };

  return (
    <LangContext.Provider value={lang}>
      <AnnounceContext.Provider value={announce}>
        <header class="top">
          <a class="skip" href="#main">Skip to content</a>
          <span class="brand">{w.appName}</span>
          {session && (
            <nav aria-label={w.screens}>
              <a {...linkProps('/')} aria-current={route === '/' || route.startsWith('/incidents') ? 'page' : undefined}>{w.operator}</a>
              {session.roles.includes('supervisor') && <a {...linkProps('/supervision')} aria-current={route === '/supervision' ? 'page' : undefined}>{w.supervisor}</a>}
              {(session.roles.includes('risk') || session.roles.includes('supervisor')) && <a {...linkProps('/risk')} aria-current={route === '/risk' ? 'page' : undefined}>{w.risk}</a>}
              <a {...linkProps('/playbooks')} aria-current={route === '/playbooks' ? 'page' : undefined}>{w.designer}</a>
            </nav>
          )}
          <div class="top-right">
            <label class="inline">
              {w.language}{' '}
              <select value={lang} onChange={(e) => chooseLang(e.currentTarget.value as Lang)}>
                <option value="en">English</option>
                <option value="ru">Русский</option>
              </select>
            </label>
            {session && (
              <>
                <span>{w.signedInAs} <strong>{session.sub}</strong></span>
                <button type="button" onClick={() => { clearSession(); setSession(null); navigate('/'); }}>{w.signOut}</button>
              </>
            )}
          </div>
        </header>
        {session ? <Screen route={route} session={session} /> : <SignIn onSignedIn={signedIn} callback={route === '/callback'} />}
        <LiveRegion message={announcement} />
      </AnnounceContext.Provider>
    </LangContext.Provider>
  );
}

function Screen({ route, session }: { route: string; session: Session }) {
  const incident = /^\/incidents\/([^/]+)$/.exec(route);
  if (incident) return <IncidentScreen id={decodeURIComponent(incident[1])} key={incident[1]} session={session} />;
  if (route === '/supervision') return <SupervisorScreen />;
  if (route === '/risk') return <RiskScreen />;
  if (route === '/playbooks') return <Designer />;
  return <OperatorHome session={session} />;
}

render(<App />, document.getElementById('app')!);
