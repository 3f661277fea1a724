import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { useWords } from '../i18n.js';
import type { CustomerCard } from '../types.js';

const CUSTOMER_REF = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export interface CardChoice {
  customerRef: string;
  cards: CustomerCard[];
  chosen: string[];
}

/**
 * The customer's cards from core banking, shown as the operator types the ref (after a pause), with
 * the active ones ticked: the incident opens on the ticked cards.
 */
export function CustomerCards({ customerRef, choice, onChoice }: { customerRef: string; choice: CardChoice | null; onChoice: (c: CardChoice | null) => void }) {
  const w = useWords();
  const [error, setError] = useState('');
  const ref = customerRef.trim();

  useEffect(() => {
    setError('');
    onChoice(null);
    if (!CUSTOMER_REF.test(ref)) return;
    let current = true;
    const timer = setTimeout(() => {
      api<{ cards: CustomerCard[] }>(`/v1/customers/${encodeURIComponent(ref)}/cards`)
        .then(({ cards }) => current && onChoice({ customerRef: ref, cards, chosen: cards.filter((c) => c.status === 'active').map((c) => c.cardRef) }))
        .catch((e: Error) => current && setError(e.message));
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [ref]);

  if (error) return <p class="error" role="alert">{error}</p>;
  if (!choice) return null;
  const toggle = (cardRef: string) =>
    onChoice({ ...choice, chosen: choice.chosen.includes(cardRef) ? choice.chosen.filter((r) => r !== cardRef) : [...choice.chosen, cardRef] });
  return (
    <fieldset class="customer-cards" aria-live="polite">
      <legend>{w.customerCards}</legend>
      {choice.cards.length === 0 && <p>{w.noCards}</p>}
      {choice.cards.map((c) => (
        <label key={c.cardRef} data-customer-card={c.cardRef} data-status={c.status}>
          <input type="checkbox" name="card" value={c.cardRef} checked={choice.chosen.includes(c.cardRef)} onChange={() => toggle(c.cardRef)} />
          {c.product} •••• {c.last4} <span class={`badge status-${c.status}`}>{w.cardStatus[c.status] ?? c.status}</span>
        </label>
      ))}
    </fieldset>
  );
}
