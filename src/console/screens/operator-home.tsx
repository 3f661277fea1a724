import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../api.js';
import { formatTime, useLang, useWords } from '../i18n.js';
import { IncidentTable } from '../parts/incident-table.js';
import { navigate } from '../router.js';
import type { Session } from '../session.js';
import type { IncidentPage, IncidentView, PlaybookSummary } from '../types.js';

const CHANNELS = ['phone', 'chat', 'branch'];
const CONTACT_CHANNELS = ['phone', 'sms', 'email', 'push', 'messenger'];

/** Start a call's incident, or find one again: mine, or by customer (and card). */
export function OperatorHome({ session }: { session: Session }) {
  const w = useWords();
  const lang = useLang();
  const canOpen = session.roles.includes('operator') || session.roles.includes('supervisor');
  const [playbooks, setPlaybooks] = useState<PlaybookSummary[]>([]);
  const [form, setForm] = useState({ customerRef: '', playbook: 'stolen-wallet', channel: 'phone', locale: lang as string, contactChannel: '' });
  const [error, setError] = useState('');
  const [filters, setFilters] = useState({ customerRef: '', last4: '', status: 'open' });
  const [page, setPage] = useState<IncidentPage | null>(null);
  const [listError, setListError] = useState('');

  useEffect(() => {
    api<{ playbooks: PlaybookSummary[] }>('/v1/playbooks').then((r) => setPlaybooks(r.playbooks)).catch((e: Error) => setError(e.message));
    void find(true);
  }, []);

  const find = async (mine: boolean) => {
    try {
      setListError('');
      const params = mine ? { assignedTo: undefined, openedBy: 'me', status: 'open' } : { customerRef: filters.customerRef || undefined, last4: filters.last4 || undefined, status: filters.status || undefined };
      setPage(await api<IncidentPage>(`/v1/incidents${query(params)}`));
    } catch (e) {
      setListError((e as Error).message);
    }
  };

  const open = async (e: Event) => {
    e.preventDefault();
    setError('');
    try {
      const { contactChannel, ...rest } = form;
      const view = await api<IncidentView>('/v1/incidents', { method: 'POST', body: { ...rest, customerRef: rest.customerRef.trim(), ...(contactChannel && { contactChannel }) } });
      navigate(`/incidents/${view.id}`);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement).value });
  const title = (p: PlaybookSummary) => (typeof p.title === 'object' ? p.title[lang] : p.title) ?? p.id;

  return (
    <main id="main" class="home">
      {canOpen && (
        <section class="panel" aria-labelledby="start">
          <h1 id="start">{w.startIncident}</h1>
          {error && <p class="error" role="alert">{error}</p>}
          <form onSubmit={open} class="grid-form">
            <label>{w.customerRef}<input name="customerRef" required value={form.customerRef} onInput={set('customerRef')} autofocus autocomplete="off" /></label>
            <label>{w.playbook}
              <select name="playbook" value={form.playbook} onChange={set('playbook')}>
                {playbooks.filter((p) => p.id !== 'mass-compromise').map((p) => <option value={p.id} key={p.id}>{title(p)}</option>)}
              </select>
            </label>
            <label>{w.channel}<select name="channel" value={form.channel} onChange={set('channel')}>{CHANNELS.map((c) => <option key={c}>{c}</option>)}</select></label>
            <label>{w.incidentLocale}
              <select name="locale" value={form.locale} onChange={set('locale')}><option value="en">English</option><option value="ru">Русский</option></select>
            </label>
            <label>{w.contactChannel}
              <select name="contactChannel" value={form.contactChannel} onChange={set('contactChannel')}>
                <option value="">{w.choose}</option>
                {CONTACT_CHANNELS.map((c) => <option key={c}>{c}</option>)}
              </select>
            </label>
            <button type="submit" class="primary">{w.open}</button>
          </form>
        </section>
      )}
      <section class="panel" aria-labelledby="find">
        <h2 id="find">{w.findIncidents}</h2>
        <form class="grid-form" onSubmit={(e) => { e.preventDefault(); void find(false); }}>
          <label>{w.customerRef}<input name="searchCustomerRef" value={filters.customerRef} onInput={(e) => setFilters({ ...filters, customerRef: e.currentTarget.value })} /></label>
          <label>{w.last4}<input name="last4" inputMode="numeric" pattern="[0-9]{4}" value={filters.last4} onInput={(e) => setFilters({ ...filters, last4: e.currentTarget.value })} /></label>
          <label>{w.status}
            <select value={filters.status} onChange={(e) => setFilters({ ...filters, status: e.currentTarget.value })}>
              <option value="">{w.any}</option><option value="open">open</option><option value="resolved">resolved</option><option value="cancelled">cancelled</option>
            </select>
          </label>
          <button type="submit">{w.search}</button>
          <button type="button" onClick={() => void find(true)}>{w.myIncidents}</button>
        </form>
        {listError && <p class="error" role="alert">{listError}</p>}
        {page && <IncidentTable items={page.items} extra={(i) => formatTime(i.openedAt, lang)} extraLabel={w.openedAt} />}
      </section>
    </main>
  );
}
