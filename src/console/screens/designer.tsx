import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { useLang, useWords } from '../i18n.js';
import type { Localized, PlaybookSummary, Step } from '../types.js';

interface PlaybookDetail extends PlaybookSummary {
  primaryPath: string[];
  states: Record<string, { type?: string; step?: { title: Localized; say: Localized; do: Localized } }>;
}
interface Simulation {
  steps: { event: { type: string }; accepted: boolean; refusal?: { message: string }; state: string; step: Step | null; effects: { kind: string }[] }[];
}

/** For playbook designers: the graph, every step in both languages, and a rehearsal that executes nothing. */
export function Designer() {
  const w = useWords();
  const lang = useLang();
  const [playbooks, setPlaybooks] = useState<PlaybookSummary[]>([]);
  const [chosen, setChosen] = useState('');
  const [detail, setDetail] = useState<PlaybookDetail | null>(null);
  const [diagram, setDiagram] = useState('');
  const [events, setEvents] = useState('CUSTOMER_READY\nIDENTITY_VERIFIED');
  const [simulation, setSimulation] = useState<Simulation | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    api<{ playbooks: PlaybookSummary[] }>('/v1/playbooks').then((r) => { setPlaybooks(r.playbooks); setChosen(r.playbooks[0]?.id ?? ''); }).catch((e: Error) => setError(e.message));
  }, []);
  useEffect(() => {
    if (!chosen) return;
    setSimulation(null);
    api<PlaybookDetail>(`/v1/playbooks/${chosen}`).then(setDetail).catch((e: Error) => setError(e.message));
    // The SVG comes through the API with the token, and is shown as an image: its text cannot run script.
    api<string>(`/v1/playbooks/${chosen}/diagram?locale=${lang}`, { accept: 'image/svg+xml' })
      .then((svg) => setDiagram(`data:image/svg+xml;base64,${btoa(String.fromCharCode(...new TextEncoder().encode(svg)))}`))
      .catch((e: Error) => setError(e.message));
  }, [chosen, lang]);

  const rehearse = async (e: Event) => {
    e.preventDefault();
    setError('');
    try {
      const list = events.split('\n').map((l) => l.trim()).filter(Boolean).map((line) => {
        const [type, ...rest] = line.split(' ');
        return rest.length ? { type, data: JSON.parse(rest.join(' ')) } : { type };
      });
      setSimulation(await api<Simulation>(`/v1/playbooks/${chosen}/simulate`, { method: 'POST', body: { events: list, locale: lang } }));
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const title = (p: PlaybookSummary) => (typeof p.title === 'object' ? p.title[lang] : p.title) ?? p.id;

  return (
    <main id="main" class="designer">
      <h1>{w.designer}</h1>
      {error && <p class="error" role="alert">{error}</p>}
      <label>{w.playbook}{' '}
        <select value={chosen} onChange={(e) => setChosen(e.currentTarget.value)}>
          {playbooks.map((p) => <option value={p.id} key={p.id}>{title(p)}</option>)}
        </select>
      </label>
      {detail && (
        <>
          <section class="panel" aria-labelledby="diagram-h">
            <h2 id="diagram-h">{w.diagram}</h2>
            {diagram && <img class="diagram" src={diagram} alt={`${w.diagram}: ${detail.primaryPath.join(' → ')}`} />}
          </section>
          <section class="panel" aria-labelledby="steps-h">
            <h2 id="steps-h">{w.stepsBothLanguages}</h2>
            <table class="compact steps">
              <thead><tr><th scope="col">{w.step}</th><th scope="col" lang="en">English</th><th scope="col" lang="ru">Русский</th></tr></thead>
              <tbody>
                {Object.entries(detail.states).filter(([, s]) => s.step).map(([name, s]) => (
                  <tr key={name}>
                    <th scope="row"><code>{name}</code>{detail.primaryPath.includes(name) && ' ★'}</th>
                    <td lang="en"><strong>{s.step!.title.en}</strong><p>{s.step!.say.en}</p><p class="note">{s.step!.do.en}</p></td>
                    <td lang="ru"><strong>{s.step!.title.ru}</strong><p>{s.step!.say.ru}</p><p class="note">{s.step!.do.ru}</p></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section class="panel" aria-labelledby="rehearsal-h">
            <h2 id="rehearsal-h">{w.rehearsal}</h2>
            <form onSubmit={rehearse}>
              <label>{w.rehearsalEvents}<textarea name="events" rows={5} value={events} onInput={(e) => setEvents(e.currentTarget.value)} /></label>
              <button type="submit">{w.rehearse}</button>
            </form>
            {simulation && (
              <ol class="rehearsal">
                {simulation.steps.map((s, i) => (
                  <li key={i}>
                    <code>{s.event.type}</code> — {s.accepted ? w.accepted : `${w.refused}: ${s.refusal?.message ?? ''}`} → <strong>{s.step?.title ?? s.state}</strong>
                    {s.effects.length > 0 && <span> · {w.effects}: {s.effects.map((e) => e.kind).join(', ')}</span>}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </>
      )}
    </main>
  );
}
