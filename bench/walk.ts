import type { IncidentView } from '../src/incidents/incident.view.js';
import { send } from './http.js';
import { sleep } from './load.js';
import type { BenchStack } from './stack.js';

type Field = { name: string; type: string; required: boolean; options?: readonly string[]; default?: unknown };
type Action = { event: string; fields: Field[] };

export interface Answer<T> {
  status: number;
  body: T;
}

/** One JSON request as an operator's console makes it; any status comes back to the caller (a shed read is asked again). */
export async function request<T>(stack: BenchStack, method: 'GET' | 'POST', path: string, token: string, body?: unknown): Promise<Answer<T>> {
  const { status, text } = await send(stack.url + path, method, { authorization: token }, body);
  return { status, body: (text ? JSON.parse(text) : null) as T };
}

export async function ok<T>(answer: Promise<Answer<T>>, what: string): Promise<T> {
  const { status, body } = await answer;
  if (status >= 300) throw new Error(`${what} answered ${status}: ${JSON.stringify(body).slice(0, 400)}`);
  return body;
}

/** What an operator would type into the primary action's form: defaults, the first option, a time a few seconds ahead. */
export function formData(action: Action, callbackInMs: number): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const field of action.fields) {
    if (field.default !== undefined) data[field.name] = field.default;
    else if (field.type === 'choice') data[field.name] = field.options?.[0];
    else if (field.type === 'datetime') data[field.name] = new Date(Date.now() + callbackInMs).toISOString();
    else if (field.type === 'boolean') data[field.name] = false;
    else if (field.type === 'number') data[field.name] = 1;
    else if (field.required || field.name === 'address') data[field.name] = '1 Bench Street, Lisbon';
  }
  return data;
}

export const openIncident = (stack: BenchStack, token: string, playbook: string, customerRef: string) =>
  ok(request<IncidentView>(stack, 'POST', '/v1/incidents', token, { playbook, customerRef, channel: 'phone', locale: 'en' }), `open ${playbook}`);

/**
 * Presses the step's primary action as an operator would, with the version they saw. A step that waits for
 * background work (cards still blocking) refuses with 422: look again shortly, as the operator would. A 409
 * hands back the current view to act on.
 */
export async function pressPrimary(stack: BenchStack, token: string, view: IncidentView, options: { callbackInMs: number; latencies?: number[] }): Promise<IncidentView> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const action = view.step?.primary;
    if (!action) throw new Error(`incident ${view.id} in ${view.state} has no primary action`);
    const t0 = performance.now();
    const answer = await request<IncidentView & { incident?: IncidentView }>(stack, 'POST', `/v1/incidents/${view.id}/events`, token, {
      type: action.event,
      data: formData(action, options.callbackInMs),
      expectedVersion: view.version,
    });
    if (answer.status === 200) {
      options.latencies?.push(performance.now() - t0);
      return answer.body;
    }
    if (answer.status === 409 && answer.body.incident) {
      view = answer.body.incident;
      continue;
    }
    if (answer.status === 422) {
      await sleep(20);
      view = await ok(request<IncidentView>(stack, 'GET', `/v1/incidents/${view.id}`, token), 'view');
      continue;
    }
    throw new Error(`${action.event} on ${view.id} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 400)}`);
  }
  throw new Error(`incident ${view.id} stuck in ${view.state}`);
}

/** Opens an incident and follows its primary path to the end (or until `stop.stopped`); returns the operator steps it took. */
export async function walkIncident(
  stack: BenchStack,
  token: string,
  playbook: string,
  customerRef: string,
  options: { callbackInMs: number; latencies?: number[]; stop?: { stopped: boolean } },
): Promise<{ id: string; steps: number }> {
  let view = await openIncident(stack, token, playbook, customerRef);
  let steps = 0;
  while (view.status === 'open' && !options.stop?.stopped) {
    view = await pressPrimary(stack, token, view, options);
    steps++;
  }
  return { id: view.id, steps };
}
