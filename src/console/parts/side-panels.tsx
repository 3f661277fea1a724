import { formatTime, useLang, useWords } from '../i18n.js';
import type { IncidentView } from '../types.js';
import { customerTimeZone } from '../zones.js';

export function CardsPanel({ view }: { view: IncidentView }) {
  const w = useWords();
  return (
    <section class="panel" aria-labelledby="cards-h">
      <h2 id="cards-h">{w.cards}</h2>
      <ul class="cards">
        {view.cards.map((c) => (
          <li key={c.cardRef} data-card={c.cardRef} data-status={c.status}>
            <span class="pan">•••• {c.last4}</span>
            <span class={`badge status-${c.status}`}>{w.cardStatus[c.status] ?? c.status}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function TransactionsPanel({ view }: { view: IncidentView }) {
  const w = useWords();
  const lang = useLang();
  if (!view.transactions.length) return null;
  return (
    <section class="panel" aria-labelledby="tx-h">
      <h2 id="tx-h">{w.transactions}</h2>
      <table class="compact">
        <tbody>
          {view.transactions.map((t) => (
            <tr key={t.id} class={t.suspicious ? 'suspicious' : undefined}>
              <td>{formatTime(t.at, lang)}</td>
              <td>{t.merchant}, {t.city}</td>
              <td class="num">{t.amount.toFixed(2)} {t.currency}</td>
              <td>{t.suspicious && <span class="badge warn">{w.suspicious}</span>} {t.disputed && <span class="badge">{w.disputed}</span>} <code>{t.id}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function CommitmentsPanel({ view }: { view: IncidentView }) {
  const w = useWords();
  const lang = useLang();
  // Promises are read to the customer in their own zone, the incident's.
  const zone = view.timeZone ?? customerTimeZone(view.liability.jurisdiction);
  if (!view.commitments.length) return null;
  return (
    <section class="panel" aria-labelledby="commitments-h">
      <h2 id="commitments-h">{w.commitments}</h2>
      <ul class="commitments">
        {view.commitments.map((c, i) => (
          <li key={i} class={`commitment status-${c.status}`}>
            <strong>{c.what}</strong>
            <span>{c.owner} · {c.channel} · {c.status}</span>
            {c.dueBy && <span>{w.due}: {formatTime(c.dueBy, lang, zone)} ({w.customerTime}{zone ? `, ${zone}` : ''})</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function LiabilityPanel({ view }: { view: IncidentView }) {
  const w = useWords();
  const lang = useLang();
  const zone = customerTimeZone(view.liability.jurisdiction);
  return (
    <section class="panel" aria-labelledby="liability-h">
      <h2 id="liability-h">{w.liability}: {view.liability.name}</h2>
      <ul class="deadlines">
        {view.liability.deadlines.map((d) => (
          <li key={d.rule} class={`deadline ${d.status}`}>
            <time dateTime={d.by}>{formatTime(d.by, lang, zone)}</time> — {d.what}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function TimelinePanel({ view }: { view: IncidentView }) {
  const w = useWords();
  const lang = useLang();
  return (
    <section class="panel" aria-labelledby="timeline-h">
      <h2 id="timeline-h">{w.timeline}</h2>
      {/* A long timeline scrolls: focusable, so a keyboard can scroll it too (WCAG 2.1.1). */}
      <ol class="timeline" reversed tabIndex={0} aria-labelledby="timeline-h">
        {[...view.timeline].reverse().map((e, i) => (
          <li key={i}>
            <time dateTime={e.at}>{formatTime(e.at, lang)}</time> <span>{e.summary}</span> <span class="actor">{e.actor}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
