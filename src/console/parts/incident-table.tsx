import { useWords } from '../i18n.js';
import { linkProps } from '../router.js';
import type { IncidentSummary } from '../types.js';

export function IncidentTable<T extends IncidentSummary>({ items, extra, extraLabel }: { items: T[]; extra: (i: T) => string; extraLabel: string }) {
  const w = useWords();
  if (!items.length) return <p>{w.noIncidents}</p>;
  return (
    <table>
      <thead>
        <tr><th scope="col">{w.customerRef}</th><th scope="col">{w.playbook}</th><th scope="col">{w.step}</th><th scope="col">{w.assignedTo}</th><th scope="col">{extraLabel}</th></tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr key={i.id} class={i.attention ? 'attention-row' : undefined}>
            <td><a {...linkProps(`/incidents/${i.id}`)}>{i.customerRef}</a>{i.attention && <span class="badge warn"> !</span>}</td>
            <td>{i.playbook.id}</td>
            <td>{i.stepTitle ?? i.status}</td>
            <td>{i.assignedTo ?? w.nobody}</td>
            <td>{extra(i)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
