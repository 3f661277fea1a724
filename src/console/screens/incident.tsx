import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useAnnounce } from '../announcer.js';
import { api, ApiError } from '../api.js';
import { useWords, type Words } from '../i18n.js';
import { ActionForm, initialDraft, type Draft } from '../parts/action-form.js';
import { CardsPanel, CommitmentsPanel, LiabilityPanel, TimelinePanel, TransactionsPanel } from '../parts/side-panels.js';
import { linkProps } from '../router.js';
import type { Session } from '../session.js';
import { followStream } from '../stream.js';
import type { Action, IncidentView } from '../types.js';

const MOOD_EVENT = 'CUSTOMER_MOOD';
const MOODS = ['calm', 'panicked', 'angry', 'confused'];

/** The step screen: what to say, what to do, one primary action, the named ways out, and the live facts beside them. */
export function IncidentScreen({ id, session }: { id: string; session: Session }) {
  const w = useWords();
  const announce = useAnnounce();
  const [view, setView] = useState<IncidentView | null>(null);
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [openAlternative, setOpenAlternative] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);
  const [mood, setMood] = useState('calm');
  const current = useRef<IncidentView | null>(null);
  // Set when the operator acted (or the screen opened): the next step then takes the focus.
  const focusNext = useRef(true);
  const canAct = session.roles.some((r) => r === 'operator' || r === 'supervisor');

  /** Shows a newer view; false when this one (or a newer one) is already on screen. */
  const accept = (next: IncidentView, background: boolean): boolean => {
    const before = current.current;
    if (before && next.version <= before.version) return false;
    current.current = next;
    if (background && before) announce(describeChange(before, next, w));
    if (before?.step?.id !== next.step?.id) setOpenAlternative(null);
    setView(next);
    return true;
  };

  useEffect(() => {
    const stop = new AbortController();
    const load = async () => void accept(await api<IncidentView>(`/v1/incidents/${id}`), true);
    load().catch((e: Error) => setNotice(e.message));
    followStream(`/v1/incidents/${id}/stream`, (data) => void accept(data as IncidentView, true), stop.signal, load);
    return () => stop.abort();
  }, [id]);

  // Focus the next thing to do once the new step is on screen; a colleague's change moves focus only if it was lost.
  useLayoutEffect(() => {
    if (!view) return;
    const lost = document.activeElement === document.body || !document.activeElement?.isConnected;
    if (focusNext.current || lost) focusNextThing(openAlternative);
    if (performance.getEntriesByName('step-answer').length) {
      performance.measure('step-shown', 'step-answer');
      performance.clearMarks('step-answer');
    }
  }, [view?.step?.id, view?.version, openAlternative]);

  const focusNextThing = (alternative: string | null) => {
    focusNext.current = false;
    const form = document.getElementById(alternative ? `alt-${alternative}` : 'primary-form');
    const target = form?.querySelector<HTMLElement>('input, select, button[type=submit]') ?? document.getElementById('step-title');
    target?.focus();
  };

  const send = async (action: Action, data: Record<string, unknown>, keepFocus = false) => {
    // A ref, not the state: two presses in one tick must still send one event.
    if (!view || sending.current) return;
    sending.current = true;
    setBusy(true);
    setNotice('');
    try {
      const next = await api<IncidentView>(`/v1/incidents/${id}/events`, { method: 'POST', body: { type: action.event, data, expectedVersion: view.version } });
      focusNext.current = !keepFocus;
      // Timed from the answer to the screen; when the stream brought the same view first, it is on screen already.
      if (accept(next, false)) performance.mark('step-answer');
      else if (!keepFocus) focusNextThing(null);
    } catch (e) {
      const error = e as ApiError;
      const latest = error.details?.incident as IncidentView | undefined;
      if (error.status === 409 && latest) {
        // Someone else acted first: show their step, keep every draft (drafts are kept per event).
        focusNext.current = true;
        accept(latest, false);
        setNotice(w.stale);
      } else {
        setNotice(error.message);
      }
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  const step = view?.step ?? null;
  const alternatives = step?.alternatives.filter((a) => a.event !== MOOD_EVENT) ?? [];
  // Every playbook takes the customer's mood in any step: it swaps in the calm script.
  const moodAction: Action = { event: MOOD_EVENT, label: w.moodLabel, fields: [] };

  const pressAlternative = (a: Action) => {
    if (a.fields.length) {
      focusNext.current = true;
      setOpenAlternative(a.event);
    } else void send(a, {});
  };

  // Keyboard first: Enter = the primary action, 1–9 = the alternatives, wherever the focus is not typing.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!step || !canAct || e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target as HTMLElement;
      const typing = target.matches('input:not([type=checkbox]):not([type=radio]), select, textarea');
      const onControl = target.closest('form, button, a, select, input, textarea');
      if (e.key === 'Enter' && !onControl) {
        e.preventDefault();
        (document.getElementById('primary-form') as HTMLFormElement | null)?.requestSubmit();
      } else if (/^[1-9]$/.test(e.key) && !typing) {
        const a = alternatives[Number(e.key) - 1];
        if (a) {
          e.preventDefault();
          pressAlternative(a);
        }
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  if (!view) return <main id="main"><p>{notice || w.loading}</p></main>;

  const draftFor = (a: Action) => drafts[a.event] ?? initialDraft(a);
  const setDraft = (a: Action) => (d: Draft) => setDrafts({ ...drafts, [a.event]: d });

  return (
    <main id="main" class="incident">
      <div class="incident-head">
        <a {...linkProps('/')}>← {w.back}</a>
        <span>{view.customerRef} · {view.playbook.id} v{view.playbook.version} · {w.assignedTo}: {view.assignedTo ?? w.nobody}</span>
        {canAct && view.status === 'open' && view.assignedTo !== session.sub && (
          <button type="button" onClick={() => api<IncidentView>(`/v1/incidents/${id}/assign`, { method: 'POST', body: {} }).then((v) => accept(v, false)).catch((e: Error) => setNotice(e.message))}>
            {w.assignToMe}
          </button>
        )}
      </div>
      <div class="columns">
        <div class="step-column">
          {notice && <p class="notice" role="alert">{notice}</p>}
          {step ? (
            <article class="step" aria-labelledby="step-title" data-step={step.id}>
              <h1 id="step-title" tabIndex={-1} lang={view.locale}>{step.title}</h1>
              {step.attention.length > 0 && (
                <section class="attention" aria-labelledby="attention-h">
                  <h2 id="attention-h">{w.attention}</h2>
                  {step.attention.map((a) => (
                    <div key={a.effectId} class="attention-item" lang={view.locale}>
                      <p><strong>{a.failed}</strong></p>
                    </div>
                  ))}
                </section>
              )}
              {view.cardCheck && view.cardCheck.notes.length > 0 && (
                <section class="attention card-check" aria-labelledby="card-check-h">
                  <h2 id="card-check-h">{w.cardCheck}</h2>
                  {view.cardCheck.notes.map((n, i) => (
                    <div key={i} class="attention-item" lang={view.locale}>
                      <p><span class="label">{w.doNow}:</span> {n.do}</p>
                    </div>
                  ))}
                </section>
              )}
              <section class="say" aria-labelledby="say-h">
                <h2 id="say-h">{w.say}</h2>
                <p class="script" lang={view.locale}>{step.say}</p>
              </section>
              <section class="do" aria-labelledby="do-h">
                <h2 id="do-h">{w.do}</h2>
                <p lang={view.locale}>{step.do}</p>
              </section>
              {canAct && step.primary && (
                <ActionForm lang={view.locale} formId="primary-form" action={step.primary} draft={draftFor(step.primary)} onDraft={setDraft(step.primary)} onSubmit={(d) => void send(step.primary!, d)} primary busy={busy} />
              )}
              {canAct && alternatives.length > 0 && (
                <section class="alternatives" aria-labelledby="alt-h">
                  <h2 id="alt-h">{w.alternatives}</h2>
                  <ol>
                    {alternatives.map((a, i) => (
                      <li key={a.event}>
                        {openAlternative === a.event ? (
                          <ActionForm lang={view.locale} formId={`alt-${a.event}`} action={a} draft={draftFor(a)} onDraft={setDraft(a)} onSubmit={(d) => void send(a, d)} busy={busy} />
                        ) : (
                          <button type="button" onClick={() => pressAlternative(a)} data-event={a.event} lang={view.locale}>
                            <kbd aria-hidden="true">{i + 1}</kbd> {a.label}
                          </button>
                        )}
                      </li>
                    ))}
                  </ol>
                </section>
              )}
              {canAct && (
                <fieldset class="mood">
                  <legend>{w.moodLabel}</legend>
                  {MOODS.map((m) => (
                    <label class="inline" key={m}>
                      <input type="radio" name="mood" value={m} checked={mood === m} onChange={() => { setMood(m); void send(moodAction, { mood: m }, true); }} /> {w.moods[m]}
                    </label>
                  ))}
                </fieldset>
              )}
            </article>
          ) : (
            <article class="step done">
              <h1 id="step-title" tabIndex={-1}>{view.status === 'resolved' ? w.resolved : w.cancelled}</h1>
            </article>
          )}
        </div>
        <aside class="side-column" aria-label={w.cards}>
          <CardsPanel view={view} />
          <CommitmentsPanel view={view} />
          <LiabilityPanel view={view} />
          <TransactionsPanel view={view} />
          <TimelinePanel view={view} />
        </aside>
      </div>
    </main>
  );
}

/** One short sentence for the live region: a colleague's new step, or a card's new status. */
function describeChange(before: IncidentView, next: IncidentView, w: Words): string {
  const parts: string[] = [];
  if (before.step?.id !== next.step?.id) parts.push(`${w.stepChanged}: ${next.step?.title ?? next.status}`);
  for (const card of next.cards) {
    const old = before.cards.find((c) => c.cardRef === card.cardRef);
    if (old && old.status !== card.status) parts.push(`${w.cardNow} •••• ${card.last4}: ${w.cardStatus[card.status] ?? card.status}`);
  }
  return parts.join('. ');
}
