import { type ActionName, ACTIONS, ParamSpec } from './catalog/actions.js';
import { eventSpec } from './catalog/events.js';
import { GUARDS } from './catalog/guards.js';
import {
  ActionRef,
  CalmWords,
  GuardRef,
  Localized,
  LOCALES,
  MOODS,
  PlaybookDefinition,
  StateDefinition,
  StepDefinition,
  TransitionDefinition,
} from './playbook.definition.js';

/**
 * Turns a parsed playbook file into a definition, or explains, one line per problem,
 * why it cannot run. Everything `playbooks:check` promises is proven here.
 */
export function validatePlaybook(raw: unknown): { definition?: PlaybookDefinition; problems: string[] } {
  const v = new Validator();
  const definition = v.playbook(raw);
  if (v.problems.length === 0 && definition) v.graph(definition);
  return v.problems.length === 0 ? { definition, problems: [] } : { problems: v.problems };
}

/** XState features that cannot be restored from a stored snapshot: time and async work must be effects. */
const FORBIDDEN_KEYS: Record<string, string> = {
  after: 'delayed transitions are lost when a snapshot is stored; use a scheduleCallback effect',
  invoke: 'invoked services do not survive a restart; use an effect',
  spawn: 'spawned actors do not survive a restart; use an effect',
  always: 'eventless transitions hide the operator\'s next step; name an event',
  entry: 'state entry actions are not allowed; put actions on the transition into the state',
  exit: 'state exit actions are not allowed; put actions on the transition out of the state',
};

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

class Validator {
  readonly problems: string[] = [];

  private fail(where: string, message: string): void {
    this.problems.push(`${where}: ${message}`);
  }

  private keys(where: string, o: Obj, allowed: string[]): void {
    for (const key of Object.keys(o)) {
      if (FORBIDDEN_KEYS[key] && !(where === 'playbook' && key === 'entry')) this.fail(where, `\`${key}\` is not allowed (${FORBIDDEN_KEYS[key]})`);
      else if (!allowed.includes(key)) this.fail(where, `unknown key \`${key}\``);
    }
  }

  playbook(raw: unknown): PlaybookDefinition | undefined {
    if (!isObj(raw)) {
      this.fail('playbook', 'must be a YAML mapping');
      return undefined;
    }
    this.keys('playbook', raw, ['id', 'version', 'title', 'description', 'initial', 'entry', 'on', 'states']);
    const id = raw.id;
    if (typeof id !== 'string' || !/^[a-z][a-z0-9-]*$/.test(id)) this.fail('playbook', '`id` must be a kebab-case name');
    if (!Number.isInteger(raw.version) || (raw.version as number) < 1) this.fail('playbook', '`version` must be a positive integer');
    if (typeof raw.initial !== 'string') this.fail('playbook', '`initial` must name a state');
    if (!isObj(raw.states) || Object.keys(raw.states).length === 0) {
      this.fail('playbook', '`states` must be a mapping of state names');
      return undefined;
    }
    const states: Record<string, StateDefinition> = {};
    for (const [name, state] of Object.entries(raw.states)) states[name] = this.state(`state ${name}`, state);
    return {
      id: id as string,
      version: raw.version as number,
      title: this.localized('playbook title', raw.title),
      description: this.localized('playbook description', raw.description),
      initial: raw.initial as string,
      entry: this.actions('playbook entry', raw.entry),
      on: this.transitions('playbook', raw.on, { global: true }),
      states,
    };
  }

  private state(where: string, raw: unknown): StateDefinition {
    if (!isObj(raw)) {
      this.fail(where, 'must be a mapping');
      return { on: {} };
    }
    this.keys(where, raw, ['type', 'outcome', 'step', 'on']);
    if (raw.type === 'final') {
      if (raw.outcome !== 'resolved' && raw.outcome !== 'cancelled') this.fail(where, 'a final state needs `outcome: resolved` or `outcome: cancelled`');
      if (raw.on !== undefined) this.fail(where, 'a final state takes no events');
      return { type: 'final', outcome: raw.outcome as 'resolved' | 'cancelled', on: {}, step: raw.step === undefined ? undefined : this.step(where, raw.step) };
    }
    if (raw.type !== undefined) this.fail(where, '`type` may only be `final`');
    if (raw.outcome !== undefined) this.fail(where, '`outcome` belongs to final states');
    return { step: this.step(where, raw.step), on: this.transitions(where, raw.on, { global: false }) };
  }

  private step(where: string, raw: unknown): StepDefinition {
    const at = `${where} step`;
    if (!isObj(raw)) {
      this.fail(at, 'is required: every step tells the operator what to say and do');
      return { title: { en: '', ru: '' }, say: { en: '', ru: '' }, do: { en: '', ru: '' } };
    }
    this.keys(at, raw, ['title', 'say', 'do', 'calm', 'badNews', 'chat']);
    const step: StepDefinition = {
      title: this.localized(`${at} title`, raw.title),
      say: this.localized(`${at} say`, raw.say),
      do: this.localized(`${at} do`, raw.do),
    };
    if (raw.calm !== undefined) step.calm = this.calm(`${at} calm`, raw.calm);
    if (raw.badNews !== undefined) {
      if (typeof raw.badNews !== 'boolean') this.fail(at, '`badNews` must be true or false');
      else step.badNews = raw.badNews;
    }
    if (raw.chat !== undefined) {
      if (!isObj(raw.chat)) this.fail(`${at} chat`, 'must be a mapping with `say` (and `do`, `calm` where they differ)');
      else {
        this.keys(`${at} chat`, raw.chat, ['say', 'do', 'calm']);
        step.chat = { say: this.localized(`${at} chat say`, raw.chat.say) };
        if (raw.chat.do !== undefined) step.chat.do = this.localized(`${at} chat do`, raw.chat.do);
        if (raw.chat.calm !== undefined) step.chat.calm = this.calm(`${at} chat calm`, raw.chat.calm);
      }
    }
    return step;
  }

  private calm(where: string, raw: unknown): CalmWords {
    const calm: CalmWords = {};
    if (!isObj(raw)) this.fail(where, 'must map moods to scripts');
    else {
      for (const [mood, text] of Object.entries(raw)) {
        if (!(MOODS as readonly string[]).includes(mood)) this.fail(where, `unknown mood \`${mood}\` (known: ${MOODS.join(', ')})`);
        else calm[mood as (typeof MOODS)[number]] = this.localized(`${where} ${mood}`, text);
      }
    }
    return calm;
  }

  private localized(where: string, raw: unknown): Localized {
    const result = { en: '', ru: '' };
    if (!isObj(raw)) {
      this.fail(where, `needs text in ${LOCALES.join(' and ')}`);
      return result;
    }
    for (const locale of LOCALES) {
      const text = raw[locale];
      if (typeof text !== 'string' || text.trim() === '') this.fail(where, `missing \`${locale}\` text`);
      else result[locale] = text.trim();
    }
    for (const key of Object.keys(raw)) if (!(LOCALES as readonly string[]).includes(key)) this.fail(where, `unknown locale \`${key}\``);
    return result;
  }

  private transitions(where: string, raw: unknown, { global }: { global: boolean }): Record<string, TransitionDefinition> {
    if (raw === undefined) return {};
    if (!isObj(raw)) {
      this.fail(where, '`on` must map events to transitions');
      return {};
    }
    const result: Record<string, TransitionDefinition> = {};
    for (const [event, t] of Object.entries(raw)) {
      const at = `${where} on ${event}`;
      if (!eventSpec(event)) this.fail(at, `unknown event \`${event}\``);
      if (eventSpec(event)?.aftercare) this.fail(at, `\`${event}\` is aftercare, handled by Lifeline outside playbooks, whatever the step`);
      if (!isObj(t)) {
        this.fail(at, 'must be a mapping with `target` and/or `actions`');
        continue;
      }
      this.keys(at, t, ['target', 'primary', 'label', 'guard', 'actions']);
      if (t.target !== undefined && typeof t.target !== 'string') this.fail(at, '`target` must name a state');
      if (global && (t.target !== undefined || t.primary !== undefined)) this.fail(at, 'events handled in every state may only run actions');
      if (t.primary !== undefined && typeof t.primary !== 'boolean') this.fail(at, '`primary` must be true or false');
      const operatorEvent = eventSpec(event)?.source === 'operator';
      if (t.primary === true && !operatorEvent) this.fail(at, 'a primary transition must be an operator event');
      result[event] = {
        target: t.target as string | undefined,
        primary: t.primary === true,
        label: operatorEvent && (!global || t.label !== undefined) ? this.localized(`${at} label`, t.label) : undefined,
        guard: t.guard === undefined ? undefined : this.guard(at, t.guard),
        actions: this.actions(at, t.actions),
      };
    }
    return result;
  }

  private guard(where: string, raw: unknown): GuardRef | undefined {
    const ref = typeof raw === 'string' ? { type: raw } : raw;
    if (!isObj(ref) || typeof ref.type !== 'string') {
      this.fail(where, '`guard` must be a guard name');
      return undefined;
    }
    if (!(ref.type in GUARDS)) this.fail(where, `unknown guard \`${ref.type}\``);
    return { type: ref.type };
  }

  private actions(where: string, raw: unknown): ActionRef[] {
    if (raw === undefined) return [];
    const list = Array.isArray(raw) ? raw : [raw];
    return list.flatMap((item) => {
      const ref = typeof item === 'string' ? { type: item } : item;
      if (!isObj(ref) || typeof ref.type !== 'string') {
        this.fail(where, 'each action must be a name or `{ type, params }`');
        return [];
      }
      const spec = (ACTIONS as Record<string, { params: Record<string, ParamSpec> }>)[ref.type];
      if (!spec) {
        this.fail(where, `unknown action \`${ref.type}\``);
        return [];
      }
      const params = ref.params === undefined ? {} : ref.params;
      if (!isObj(params)) {
        this.fail(where, `action \`${ref.type}\` params must be a mapping`);
        return [];
      }
      this.params(`${where} action ${ref.type}`, spec.params, params);
      return [{ type: ref.type, params }];
    });
  }

  private params(where: string, spec: Record<string, ParamSpec>, params: Obj): void {
    for (const [name, p] of Object.entries(spec)) {
      const value = params[name];
      if (value === undefined) {
        if (p.required) this.fail(where, `param \`${name}\` is required`);
      } else if (typeof value !== p.type) this.fail(where, `param \`${name}\` must be a ${p.type}`);
      else if (p.options && !p.options.includes(value as string)) this.fail(where, `param \`${name}\` must be one of ${p.options.join(', ')}`);
    }
    for (const name of Object.keys(params)) if (!spec[name]) this.fail(where, `unknown param \`${name}\``);
  }

  /** The graph: targets exist, one primary per step, every state reachable, primaries lead to resolution. */
  graph(def: PlaybookDefinition): void {
    const names = Object.keys(def.states);
    if (!def.states[def.initial]) {
      this.fail('playbook', `initial state \`${def.initial}\` does not exist`);
      return;
    }
    for (const [name, state] of Object.entries(def.states)) {
      for (const [event, t] of Object.entries(state.on)) {
        if (t.target !== undefined && !def.states[t.target]) this.fail(`state ${name} on ${event}`, `target \`${t.target}\` does not exist`);
      }
      if (state.type !== 'final') {
        const primaries = Object.entries(state.on).filter(([, t]) => t.primary);
        if (primaries.length !== 1) {
          this.fail(`state ${name}`, `needs exactly one primary transition (has ${primaries.length}${primaries.length ? `: ${primaries.map(([e]) => e).join(', ')}` : ''})`);
        }
      }
    }
    if (this.problems.length > 0) return;

    const reachable = new Set([def.initial]);
    const queue = [def.initial];
    while (queue.length > 0) {
      for (const t of Object.values(def.states[queue.shift()!].on)) {
        if (t.target && !reachable.has(t.target)) {
          reachable.add(t.target);
          queue.push(t.target);
        }
      }
    }
    for (const name of names) if (!reachable.has(name)) this.fail(`state ${name}`, 'is not reachable from the initial state');

    const path = [def.initial];
    let current = def.states[def.initial];
    while (current.type !== 'final') {
      const [, primary] = Object.entries(current.on).find(([, t]) => t.primary)!;
      const next = primary.target ?? path[path.length - 1];
      if (path.includes(next)) {
        this.fail('playbook', `following primary transitions loops: ${[...path, next].join(' → ')}`);
        return;
      }
      path.push(next);
      current = def.states[next];
    }
    if (current.outcome !== 'resolved') this.fail('playbook', `following primary transitions ends in \`${path.at(-1)}\`, which is not resolved`);
    this.jobReports(def);
  }

  /** A job's report arrives whatever the step: every report of every effect the playbook asks for is handled in \`on\` at the top, or it would be ignored. */
  private jobReports(def: PlaybookDefinition): void {
    const transitions = [...Object.values(def.on), ...Object.values(def.states).flatMap((s) => Object.values(s.on))];
    const used = new Set([...def.entry, ...transitions.flatMap((t) => t.actions)].map((a) => a.type));
    for (const action of used) {
      const reports: readonly string[] = (ACTIONS[action as ActionName] as { reports?: readonly string[] } | undefined)?.reports ?? [];
      for (const report of reports) {
        if (!def.on[report]) this.fail('playbook on', `\`${action}\` asks for effects that report \`${report}\`; handle it in \`on\` at the top (\`${report}: {}\` to keep it on the timeline only)`);
      }
    }
  }
}
