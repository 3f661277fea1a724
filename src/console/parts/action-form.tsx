import { useState } from 'preact/hooks';
import { useWords } from '../i18n.js';
import type { Action, Field } from '../types.js';

export type Draft = Record<string, string | boolean>;

/**
 * Requirements that depend on another answer, which `fields` cannot express on its own:
 * a delivery to an address needs the address, to a branch needs the branch.
 */
const CONDITIONAL: Record<string, (draft: Draft) => { show: string[]; require: string[] }> = {
  REISSUE_REQUESTED: (d) => ({
    show: d.delivery === 'branch' ? ['branchId'] : ['address'],
    require: d.delivery === 'address' ? ['address'] : d.delivery === 'branch' ? ['branchId'] : [],
  }),
};

export function initialDraft(action: Action, now = new Date()): Draft {
  const draft: Draft = {};
  for (const f of action.fields) {
    if (f.type === 'boolean') draft[f.name] = f.default === true;
    else if (f.default !== undefined) draft[f.name] = String(f.default);
    // A callback time is suggested an hour ahead; the operator confirms or changes it with the customer.
    else if (f.type === 'datetime') draft[f.name] = toLocalInput(new Date(now.getTime() + 3600_000));
    else draft[f.name] = '';
  }
  return draft;
}

/** The fields to draw, and which of them are missing, for the draft as it stands. */
export function checkDraft(action: Action, draft: Draft): { visible: Field[]; missing: string[] } {
  const rule = CONDITIONAL[action.event]?.(draft);
  const conditional = new Set(rule ? action.fields.filter((f) => !f.required).map((f) => f.name) : []);
  const visible = action.fields.filter((f) => !conditional.has(f.name) || rule!.show.includes(f.name));
  const required = new Set([...visible.filter((f) => f.required && f.type !== 'boolean').map((f) => f.name), ...(rule?.require ?? [])]);
  const missing = [...required].filter((name) => String(draft[name] ?? '').trim() === '');
  return { visible, missing };
}

/** The event's data as the API wants it: typed, trimmed, blanks left out. */
export function dataOf(draft: Draft, visible: Field[]): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const f of visible) {
    const value = draft[f.name];
    if (f.type === 'boolean') data[f.name] = value === true;
    else if (typeof value === 'string' && value.trim() !== '') {
      data[f.name] = f.type === 'number' ? Number(value) : f.type === 'datetime' ? new Date(value).toISOString() : value.trim();
    }
  }
  return data;
}

interface Props {
  action: Action;
  draft: Draft;
  onDraft: (d: Draft) => void;
  onSubmit: (data: Record<string, unknown>) => void;
  primary?: boolean;
  busy: boolean;
  formId: string;
  lang: string;
}

/** One action's form, drawn from its `fields`: Enter sends it once every required answer is there. */
export function ActionForm({ action, draft, onDraft, onSubmit, primary, busy, formId, lang }: Props) {
  const w = useWords();
  const [tried, setTried] = useState(false);
  const { visible, missing } = checkDraft(action, draft);

  const submit = (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (missing.length) {
      setTried(true);
      (document.getElementById(`${formId}-${missing[0]}`) as HTMLElement | null)?.focus();
      return;
    }
    onSubmit(dataOf(draft, visible));
  };
  // Enter anywhere in the form sends it (a checkbox, a list, a date too), exactly once; a focused button sends by itself.
  const onKeyDown = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (e.key === 'Enter' && !e.isComposing && target.tagName !== 'BUTTON' && target.tagName !== 'TEXTAREA') submit(e);
  };
  const set = (name: string, value: string | boolean) => onDraft({ ...draft, [name]: value });

  return (
    <form id={formId} class={primary ? 'action primary-action' : 'action'} onSubmit={submit} onKeyDown={onKeyDown} noValidate lang={lang}>
      {tried && missing.length > 0 && <p class="error" role="alert">{w.fixFields}</p>}
      {visible.map((f) => {
        const id = `${formId}-${f.name}`;
        const invalid = tried && missing.includes(f.name);
        const required = f.required || missing.includes(f.name) || (CONDITIONAL[action.event]?.(draft).require.includes(f.name) ?? false);
        const common = { id, name: f.name, 'aria-invalid': invalid || undefined, 'aria-required': required || undefined };
        if (f.type === 'boolean') {
          return (
            <label class="check" key={f.name}>
              <input type="checkbox" {...common} checked={draft[f.name] === true} onChange={(e) => set(f.name, e.currentTarget.checked)} /> {f.label}
            </label>
          );
        }
        return (
          <label key={f.name} class={invalid ? 'invalid' : undefined}>
            <span>{f.label}{required && <span class="req"> ({w.required})</span>}</span>
            {f.type === 'choice' ? (
              <select {...common} value={String(draft[f.name] ?? '')} onChange={(e) => set(f.name, e.currentTarget.value)}>
                {(f.default === undefined) && <option value="">{w.choose}</option>}
                {f.options?.map((o) => <option key={o} value={o}>{o}</option>)}
              </select>
            ) : (
              <input
                {...common}
                // Preact types each input type apart; one element serves all three here.
                type={(f.type === 'datetime' ? 'datetime-local' : f.type === 'number' ? 'number' : 'text') as 'text'}
                value={String(draft[f.name] ?? '')}
                onInput={(e) => set(f.name, e.currentTarget.value)}
                autocomplete="off"
              />
            )}
          </label>
        );
      })}
      <button type="submit" class={primary ? 'primary' : undefined} aria-disabled={busy || undefined} data-event={action.event}>
        {action.label}
        {primary && <kbd aria-hidden="true">{w.primaryHint}</kbd>}
      </button>
    </form>
  );
}

function toLocalInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
