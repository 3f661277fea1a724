import { useState } from 'preact/hooks';
import { api, authHeader, query } from '../api.js';
import { formatTime, useLang, useWords } from '../i18n.js';
import { CardsPanel, CommitmentsPanel, LiabilityPanel, TimelinePanel, TransactionsPanel } from '../parts/side-panels.js';
import type { IncidentView } from '../types.js';

interface CardAction {
  id: string; at: string; actor: string; origin: string; channel: string; action: string; result: string;
  cardRef: string; last4: string; customerRef: string; incidentId: string; reason: string | null; coreRef: string | null;
}
const FILTERS = ['from', 'to', 'cardRef', 'customerRef', 'actor', 'action', 'result', 'incidentId'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
const ACTIONS = ['block', 'freeze', 'unfreeze', 'reissue'];
const RESULTS = ['requested', 'succeeded', 'failed'];

/** The trail without writing queries: who did what to which card, the chain's integrity, one incident's whole record. */
export function RiskScreen() {
  const w = useWords();
  const lang = useLang();
  const [filters, setFilters] = useState<Filters>({ from: '', to: '', cardRef: '', customerRef: '', actor: '', action: '', result: '', incidentId: '' });
  const [rows, setRows] = useState<CardAction[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [verdict, setVerdict] = useState<{ ok: boolean; checked: number; firstBrokenId: string | null } | null>(null);
  const [record, setRecord] = useState<IncidentView | null>(null);
  const [recordId, setRecordId] = useState('');
  const [error, setError] = useState('');

  const params = () => {
    const p: Record<string, string | undefined> = {};
    for (const f of FILTERS) if (filters[f]) p[f] = f === 'from' || f === 'to' ? new Date(filters[f]).toISOString() : filters[f].trim();
    return p;
  };
  const guard = (run: () => Promise<void>) => () => { setError(''); run().catch((e: Error) => setError(e.message)); };

  const search = guard(async () => {
    const page = await api<{ items: CardAction[]; nextCursor: string | null }>(`/v1/audit/card-actions${query(params())}`);
    setRows(page.items);
    setCursor(page.nextCursor);
  });
  const more = guard(async () => {
    const page = await api<{ items: CardAction[]; nextCursor: string | null }>(`/v1/audit/card-actions${query({ ...params(), cursor: cursor ?? undefined })}`);
    setRows([...(rows ?? []), ...page.items]);
    setCursor(page.nextCursor);
  });
  const downloadCsv = guard(async () => {
    const response = await fetch(`/v1/audit/card-actions${query(params())}`, { headers: { Accept: 'text/csv', ...authHeader() } });
    if (!response.ok) throw new Error(`CSV export answered ${response.status}`);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await response.blob());
    link.download = 'card-actions.csv';
    link.click();
    URL.revokeObjectURL(link.href);
  });
  const verify = guard(async () => setVerdict(await api('/v1/audit/verify')));
  const showRecord = guard(async () => setRecord(await api<IncidentView>(`/v1/incidents/${encodeURIComponent(recordId.trim())}`)));

  const input = (f: (typeof FILTERS)[number], label: string) => {
    const value = filters[f];
    const onInput = (e: Event) => setFilters({ ...filters, [f]: (e.currentTarget as HTMLInputElement).value });
    if (f === 'action' || f === 'result') {
      return (
        <label key={f}>{label}
          <select name={f} value={value} onChange={onInput}><option value="">{w.any}</option>{(f === 'action' ? ACTIONS : RESULTS).map((o) => <option key={o}>{o}</option>)}</select>
        </label>
      );
    }
    return <label key={f}>{label}<input name={f} type={(f === 'from' || f === 'to' ? 'datetime-local' : 'text') as 'text'} value={value} onInput={onInput} /></label>;
  };

  return (
    <main id="main" class="risk">
      <h1>{w.risk}</h1>
      {error && <p class="error" role="alert">{error}</p>}
      <section class="panel" aria-labelledby="trail-h">
        <h2 id="trail-h">{w.cardActions}</h2>
        <form class="grid-form" onSubmit={(e) => { e.preventDefault(); search(); }}>
          {input('from', w.from)}{input('to', w.to)}{input('cardRef', w.cardRef)}{input('customerRef', w.customerRef)}
          {input('actor', w.actor)}{input('action', w.action)}{input('result', w.result)}{input('incidentId', w.incidentId)}
          <button type="submit" class="primary">{w.search}</button>
          <button type="button" onClick={downloadCsv}>{w.downloadCsv}</button>
        </form>
        {rows && (rows.length === 0 ? <p>{w.none}</p> : (
          <table class="compact trail">
            <thead><tr><th scope="col">{w.at}</th><th scope="col">{w.action}</th><th scope="col">{w.result}</th><th scope="col">{w.cardRef}</th><th scope="col">{w.customerRef}</th><th scope="col">{w.actor}</th><th scope="col">{w.reason}</th><th scope="col">{w.coreRef}</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{formatTime(r.at, lang)}</td><td>{r.action}</td><td>{r.result}</td><td>{r.cardRef} (•••• {r.last4})</td>
                  <td>{r.customerRef}</td><td>{r.actor} · {r.channel}</td><td>{r.reason ?? '—'}</td><td>{r.coreRef ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
        {cursor && <button type="button" onClick={more}>{w.more}</button>}
      </section>
      <section class="panel" aria-labelledby="verify-h">
        <h2 id="verify-h">{w.verifyChain}</h2>
        <button type="button" onClick={verify}>{w.verifyChain}</button>
        {verdict && (
          <p class={verdict.ok ? 'ok' : 'error'} data-testid="chain-verdict">
            {verdict.ok ? w.chainOk : `${w.chainBroken} ${verdict.firstBrokenId}`} · {verdict.checked} {w.checked}
          </p>
        )}
      </section>
      <section class="panel" aria-labelledby="record-h">
        <h2 id="record-h">{w.incidentRecord}</h2>
        <form class="grid-form" onSubmit={(e) => { e.preventDefault(); showRecord(); }}>
          <label>{w.incidentId}<input name="recordId" value={recordId} onInput={(e) => setRecordId(e.currentTarget.value)} required /></label>
          <button type="submit">{w.show}</button>
        </form>
        {record && (
          <div class="record">
            <p>{record.customerRef} · {record.playbook.id} v{record.playbook.version} · {record.status} · {formatTime(record.openedAt, lang)}</p>
            <CardsPanel view={record} />
            <CommitmentsPanel view={record} />
            <LiabilityPanel view={record} />
            <TransactionsPanel view={record} />
            <TimelinePanel view={record} />
          </div>
        )}
      </section>
    </main>
  );
}
