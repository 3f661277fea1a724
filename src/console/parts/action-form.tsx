import { useState } from 'preact/hooks';
import { fieldProblems, type FieldProblem, isRelevant, isRequired } from '../../playbooks/catalog/field-rules.js';
import { useLang, useWords } from '../i18n.js';
import type { Action, Field } from '../types.js';

export type Draft = Record<string, string | boolean | string[]>;

export function initialDraft(action: Action, now = new Date()): Draft {
  const draft: Draft = {};
  for (const f of action.fields) {
    if (f.type === 'boolean') draft[f.name] = f.default === true;
    else if (f.type === 'multichoice') draft[f.name] = [];
    else if (f.default !== undefined) draft[f.name] = String(f.default);
    // A callback time is suggested an hour ahead; the operator confirms or changes it with the customer.
    else if (f.type === 'datetime') draft[f.name] = toLocalInput(new Date(now.getTime() + 3600_000));
    else draft[f.name] = '';
  }
  return draft;
}

/**
 * The fields to draw (a field required only for some answers shows only then), and the problems with the
 * draft as it stands, by the very rules the service enforces.
 */
export function checkDraft(action: Action, draft: Draft, now = new Date()): { visible: Field[]; problems: FieldProblem[] } {
  const answers = dataOf(draft, action.fields);
  const visible = action.fields.filter((f) => isRelevant(f, answers));
  return { visible, problems: fieldProblems(visible, dataOf(draft, visible), now) };
}

/** The event's data as the API wants it: typed, trimmed, blanks left out. */
export function dataOf(draft: Draft, visible: Field[]): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const f of visible) {
    const value = draft[f.name];
    if (f.type === 'boolean') data[f.name] = value === true;
    else if (Array.isArray(value)) data[f.name] = value;
    else if (typeof value === 'string' && value.trim() !== '') {
      const at = f.type === 'datetime' ? new Date(value) : null;
      data[f.name] = f.type === 'number' ? Number(value) : at ? (Number.isNaN(at.getTime()) ? value : at.toISOString()) : value.trim();
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
  const consoleLang = useLang();
  const [tried, setTried] = useState(false);
  const { visible, problems } = checkDraft(action, draft);
  const answers = dataOf(draft, visible);

  const submit = (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (problems.length) {
      setTried(true);
      (document.getElementById(`${formId}-${problems[0].field}`) as HTMLElement | null)?.focus();
      return;
    }
    onSubmit(dataOf(draft, visible));
  };
  // Enter anywhere in the form sends it (a checkbox, a list, a date too), exactly once; a focused button sends by itself.
  const onKeyDown = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (e.key === 'Enter' && !e.isComposing && target.tagName !== 'BUTTON' && target.tagName !== 'TEXTAREA') submit(e);
  };
  const set = (name: string, value: string | boolean | string[]) => onDraft({ ...draft, [name]: value });

  return (
    <form id={formId} class={primary ? 'action primary-action' : 'action'} onSubmit={submit} onKeyDown={onKeyDown} noValidate lang={lang}>
      {tried && problems.length > 0 && <p class="error" role="alert">{w.fixFields}</p>}
      {visible.map((f) => {
        const id = `${formId}-${f.name}`;
        const problem = tried ? problems.find((p) => p.field === f.name) : undefined;
        const required = isRequired(f, answers);
        const hint = problem && (
          <span class="field-problem" id={`${id}-problem`} lang={consoleLang}>
            {problem[consoleLang]}
          </span>
        );
        const common = { id, name: f.name, 'aria-invalid': problem ? true : undefined, 'aria-required': required || undefined, 'aria-describedby': problem ? `${id}-problem` : undefined };
        if (f.type === 'boolean') {
          return (
            <label class="check" key={f.name}>
              <input type="checkbox" {...common} checked={draft[f.name] === true} onChange={(e) => set(f.name, e.currentTarget.checked)} /> {f.label}
              {hint}
            </label>
          );
        }
        if (f.type === 'multichoice') {
          const chosen = Array.isArray(draft[f.name]) ? (draft[f.name] as string[]) : [];
          const toggle = (value: string, on: boolean) => set(f.name, on ? [...chosen.filter((v) => v !== value), value] : chosen.filter((v) => v !== value));
          const choices = f.choices ?? (f.options ?? []).map((value) => ({ value, label: value }));
          // A group of checkboxes: Tab reaches each, Space ticks it, Enter sends the form; the legend names the group for a screen reader.
          return (
            <fieldset key={f.name} id={id} tabIndex={-1} class={problem ? 'choices invalid' : 'choices'} aria-invalid={problem ? true : undefined} aria-describedby={problem ? `${id}-problem` : undefined}>
              <legend>
                {f.label}
                {required && <span class="req"> ({w.required})</span>}
              </legend>
              {choices.length === 0 && <p class="note">{w.noChoices}</p>}
              {choices.map((c) => (
                <label class="check" key={c.value}>
                  <input type="checkbox" name={f.name} value={c.value} data-choice={c.value} checked={chosen.includes(c.value)} onChange={(e) => toggle(c.value, e.currentTarget.checked)} /> {c.label}
                </label>
              ))}
              {hint}
            </fieldset>
          );
        }
        // A choice, or text the bank lists the answers to (its branches): a list to pick from.
        const listed = f.choices ?? (f.type === 'choice' ? (f.options ?? []).map((value) => ({ value, label: value })) : null);
        return (
          <label key={f.name} class={problem ? 'invalid' : undefined}>
            <span>
              {f.label}
              {required && <span class="req"> ({w.required})</span>}
            </span>
            {listed ? (
              <select {...common} value={String(draft[f.name] ?? '')} onChange={(e) => set(f.name, e.currentTarget.value)}>
                {f.default === undefined && <option value="">{w.choose}</option>}
                {listed.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
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
            {hint}
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
