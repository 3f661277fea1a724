import type { EventName } from './catalog/events.js';
import { type IncidentContext, MASS_COMPROMISE_PLAYBOOK } from './catalog/incident-context.js';
import type { ActionRef, PlaybookDefinition, StateDefinition, TransitionDefinition } from './playbook.definition.js';

/**
 * Ways out that every playbook has, written once here instead of in every file: cancel from any open
 * step, a dropped call that leads to a callback and back to the step it left, and a customer who cannot
 * be reached closed with a written summary instead of calling forever. The engine, the views and the
 * rehearsal read the playbook with these added (`CompiledPlaybook.effective`); the file's own definition
 * (and so its hash) is unchanged.
 */
export const CANCELLED_STATE = 'cancelled';
export const CALL_DROPPED_STATE = 'call_dropped';
export const UNREACHABLE_STATE = 'closed_unreachable';

/** Offered after a step's own events, so the step's path stays first. */
export const WAYS_OUT_EVENTS: readonly string[] = ['CALL_DROPPED', 'CANCEL'];

/** Steps where no call is going on (we wait to call, or for the customer to call): a call cannot drop there. */
const WAITING_EVENTS: EventName[] = ['CUSTOMER_CALL_TAKEN', 'CALLBACK_STARTED', 'CALLBACK_DUE'];
/** Minutes after a dropped call that we promise to call back. */
export const CALL_DROPPED_CALLBACK_MINUTES = 5;

/** Guards only the engine's own transitions use (with params, which playbook files do not pass). */
export const ENGINE_GUARDS: Record<string, (args: { context: IncidentContext }, params: Record<string, unknown>) => boolean> = {
  resumesAt: ({ context }, params) => context.resumeStep === params.step,
};

const CANCEL: TransitionDefinition = {
  target: CANCELLED_STATE,
  label: { en: 'Cancel the incident', ru: 'Отменить обращение' },
  actions: [{ type: 'recordCancellation' }],
};

/** The last unanswered call: the customer is written to (a watched promise) and the incident closes. */
const LAST_UNANSWERED: TransitionDefinition = {
  target: UNREACHABLE_STATE,
  guard: { type: 'unreachableLimitReached' },
  actions: [{ type: 'recordUnreachable' }, { type: 'notifyCustomer', params: { template: 'customer-unreachable' } }],
};

const callDropped = (step: string): TransitionDefinition => ({
  target: CALL_DROPPED_STATE,
  label: { en: 'The call dropped', ru: 'Связь прервалась' },
  actions: [
    { type: 'recordCallDropped', params: { step } },
    { type: 'scheduleCallback', params: { inMinutes: CALL_DROPPED_CALLBACK_MINUTES } },
    { type: 'notifyCustomer', params: { template: 'call-dropped' } },
  ],
});

/** Every unanswered call is counted; the last one allowed closes the incident instead of what the step does. */
function countUnanswered(on: Record<string, TransitionDefinition>): Record<string, TransitionDefinition> {
  const unanswered = on.CUSTOMER_UNREACHABLE;
  if (!unanswered) return on;
  const counted: ActionRef[] = [{ type: 'recordUnreachable' }, ...unanswered.actions];
  return { ...on, CUSTOMER_UNREACHABLE: { ...unanswered, actions: counted, first: [LAST_UNANSWERED] } };
}

const callInProgress = (definition: PlaybookDefinition, state: StateDefinition) =>
  definition.id !== MASS_COMPROMISE_PLAYBOOK && state.type !== 'final' && !WAITING_EVENTS.some((e) => state.on[e]);

export function withWaysOut(definition: PlaybookDefinition): PlaybookDefinition {
  const resumable = Object.keys(definition.states).filter((name) => callInProgress(definition, definition.states[name]));
  const states: Record<string, StateDefinition> = Object.fromEntries(
    Object.entries(definition.states).map(([name, state]) => {
      if (state.type === 'final') return [name, state];
      const on = countUnanswered(state.on);
      return [name, { ...state, on: resumable.includes(name) ? { ...on, CALL_DROPPED: callDropped(name) } : on }];
    }),
  );
  if (resumable.length > 0) states[CALL_DROPPED_STATE] = callDroppedStep(resumable);
  states[CANCELLED_STATE] = { type: 'final', outcome: 'cancelled', on: {} };
  states[UNREACHABLE_STATE] = { type: 'final', outcome: 'resolved', on: {} };
  return { ...definition, on: { ...definition.on, CANCEL }, states };
}

/** Call the customer back; when they answer, go on from the step the call dropped in. */
function callDroppedStep(resumable: string[]): StateDefinition {
  const back: ActionRef[] = [{ type: 'recordCallResumed' }];
  return {
    step: {
      title: { en: 'The call dropped — call the customer back', ru: 'Связь прервалась — перезвонить клиенту' },
      say: {
        en: 'Hello, this is your bank calling back; we were cut off. Everything we did is still in place. Let us go on from where we stopped.',
        ru: 'Здравствуйте, это ваш банк, мы перезваниваем: связь прервалась. Всё, что мы сделали, в силе. Давайте продолжим с того места, где остановились.',
      },
      do: {
        en: 'We promised to call back at {callbackAt} and told the customer by {contactChannel}. Call them. When they answer, choose "Customer is back on the line" to go on from the step the call dropped in.',
        ru: 'Мы обещали перезвонить {callbackAt} и написали клиенту {contactChannel}. Позвоните клиенту. Когда он ответит, выберите «Клиент снова на связи», чтобы продолжить с того шага, где прервалась связь.',
      },
    },
    on: {
      CALLBACK_STARTED: {
        primary: true,
        label: { en: 'Customer is back on the line', ru: 'Клиент снова на связи' },
        actions: back,
        first: resumable.map((step) => ({ target: step, guard: { type: 'resumesAt', params: { step } }, actions: back })),
      },
      CALLBACK_RESCHEDULED: {
        label: { en: 'Move the callback to another time', ru: 'Перенести звонок на другое время' },
        actions: [{ type: 'scheduleCallback' }],
      },
      ...countUnanswered({
        CUSTOMER_UNREACHABLE: {
          label: { en: 'Customer did not answer — call again in 30 minutes', ru: 'Клиент не ответил — перезвонить через 30 минут' },
          actions: [
            { type: 'scheduleCallback', params: { inMinutes: 30 } },
            { type: 'notifyCustomer', params: { template: 'missed-call-back' } },
          ],
        },
      }),
      CALLBACK_DUE: { actions: [] },
    },
  };
}
