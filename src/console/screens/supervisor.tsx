import { useEffect, useState } from 'preact/hooks';
import { useAnnounce } from '../announcer.js';
import { api } from '../api.js';
import { formatDuration, formatTime, useLang, useWords } from '../i18n.js';
import { IncidentTable } from '../parts/incident-table.js';
import { linkProps } from '../router.js';
import { followStream } from '../stream.js';
import type { IncidentSummary } from '../types.js';

interface Overview {
  openIncidents: (IncidentSummary & { ageMs: number })[];
  alerts: { id: string; status: string; raisedAt: string; incident: { id: string; customerRef?: string } | string; commitment: { what?: string; dueBy?: string } | string | null; failure?: { what: string } | null; reason?: string; note?: string | null }[];
  deadEffects: { incidentId: string; effectId: string; kind: string; cardRef?: string; lastError: string; at: string }[];
  operators: { operator: string; openAssigned: number }[];
  today: { incidentsOpened: number; medianTimeToBlockMs: number | null; commitmentsDue: number; commitmentsKeptOnTime: number; csat: { responses: number; average: number | null } };
}

/** What is at risk now: open incidents, broken promises, what Lifeline gave up on, who carries what, the day's figures. */
export function SupervisorScreen() {
  const w = useWords();
  const lang = useLang();
  const announce = useAnnounce();
  const [overview, setOverview] = useState<Overview | null>(null);
  const [error, setError] = useState('');

  const load = async () => {
    try {
      setOverview(await api<Overview>('/v1/supervision/overview'));
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  useEffect(() => {
    const stop = new AbortController();
    void load();
    // Any committed change to an open incident may change the overview; reading it again is cheap.
    followStream('/v1/incidents/stream?status=open', () => void load(), stop.signal);
    return () => stop.abort();
  }, []);

  const act = async (path: string, done: string) => {
    try {
      await api(path, { method: 'POST', body: {} });
      announce(done);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <main id="main" class="supervisor">
      <h1>{w.supervisor}</h1>
      {error && <p class="error" role="alert">{error}</p>}
      {!overview && !error && <p>{w.loading}</p>}
      {overview && (
        <div class="dashboard">
          <section class="panel figures" aria-labelledby="today-h">
            <h2 id="today-h">{w.today}</h2>
            <dl>
              <div><dt>{w.opened}</dt><dd>{overview.today.incidentsOpened}</dd></div>
              <div><dt>{w.medianToBlock}</dt><dd>{formatDuration(overview.today.medianTimeToBlockMs)}</dd></div>
              <div><dt>{w.commitmentsKept}</dt><dd>{overview.today.commitmentsKeptOnTime} / {overview.today.commitmentsDue}</dd></div>
              <div><dt>{w.csat}</dt><dd>{overview.today.csat.average?.toFixed(1) ?? '—'} ({overview.today.csat.responses} {w.responses})</dd></div>
            </dl>
          </section>
          <section class="panel wide" aria-labelledby="open-h">
            <h2 id="open-h">{w.openIncidents} ({overview.openIncidents.length})</h2>
            <IncidentTable
              items={overview.openIncidents}
              extraLabel={`${w.age} · ${w.toFirstAction} · ${w.toBlock}`}
              extra={(i) => `${formatDuration(i.ageMs)} · ${formatDuration(i.timeToFirstProtectiveActionMs)} · ${formatDuration(i.timeToBlockMs)}`}
            />
          </section>
          <section class="panel" aria-labelledby="alerts-h">
            <h2 id="alerts-h">{w.alerts}</h2>
            {overview.alerts.length === 0 ? <p>{w.none}</p> : (
              <ul class="plain">
                {overview.alerts.map((a) => {
                  const incidentId = typeof a.incident === 'string' ? a.incident : a.incident.id;
                  // An untouched incident has no one promise or failure at stake: the alert's reason (and a low score's comment) says what it is.
                  const what = a.failure?.what ?? (typeof a.commitment === 'string' ? a.commitment : a.commitment?.what) ?? [a.reason, a.note].filter(Boolean).join(': ');
                  return (
                    <li key={a.id} data-alert={a.id}>
                      <a {...linkProps(`/incidents/${incidentId}`)}>{what ?? incidentId}</a> · {formatTime(a.raisedAt, lang)}{' '}
                      <button type="button" onClick={() => void act(`/v1/alerts/${a.id}/ack`, `${w.acknowledge}: ${what ?? a.id}`)}>{w.acknowledge}</button>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
          <section class="panel" aria-labelledby="dead-h">
            <h2 id="dead-h">{w.deadEffects}</h2>
            {overview.deadEffects.length === 0 ? <p>{w.none}</p> : (
              <ul class="plain">
                {overview.deadEffects.map((d) => (
                  <li key={d.effectId} data-incident={d.incidentId}>
                    <a {...linkProps(`/incidents/${d.incidentId}`)}>{d.kind}{d.cardRef ? ` ${d.cardRef}` : ''}</a>: {d.lastError}{' '}
                    <button type="button" onClick={() => void act(`/v1/incidents/${d.incidentId}/effects/${d.effectId}/retry`, `${w.retry}: ${d.kind}`)}>{w.retry}</button>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section class="panel" aria-labelledby="ops-h">
            <h2 id="ops-h">{w.operatorsLoad}</h2>
            {overview.operators.length === 0 ? <p>{w.none}</p> : (
              <table class="compact"><tbody>{overview.operators.map((o) => <tr key={o.operator}><th scope="row">{o.operator}</th><td class="num">{o.openAssigned}</td></tr>)}</tbody></table>
            )}
          </section>
        </div>
      )}
    </main>
  );
}
