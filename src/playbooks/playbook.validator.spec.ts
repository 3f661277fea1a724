import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PLAYBOOKS_DIR } from './playbook.loader.js';
import { allowedEvents } from './playbook.engine.js';
import { validatePlaybook } from './playbook.validator.js';

/** The parsed YAML, before validation: the shape a playbook author writes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Raw = Record<string, any>;

const shipped: Raw = parse(readFileSync(join(PLAYBOOKS_DIR, 'stolen-wallet.yaml'), 'utf8'));

/** The shipped playbook with one thing broken. */
function broken(mutate: (raw: Raw) => void): string[] {
  const raw = structuredClone(shipped);
  mutate(raw);
  const { definition, problems } = validatePlaybook(raw);
  expect(definition).toBeUndefined();
  return problems;
}

const text = (en: string) => ({ en, ru: `${en} (ru)` });
const step = (title: string) => ({ title: text(title), say: text(`Say ${title}`), do: text(`Do ${title}`) });

/** A two-step playbook small enough to read in a test. */
function small(): Raw {
  return {
    id: 'small',
    version: 1,
    title: text('Small'),
    description: text('A small playbook'),
    initial: 'first',
    states: {
      first: { step: step('First'), on: { CUSTOMER_READY: { target: 'second', primary: true, label: text('Ready') } } },
      second: { step: step('Second'), on: { CALL_ENDED: { target: 'done', primary: true, label: text('End') } } },
      done: { type: 'final', outcome: 'resolved' },
    },
  };
}

describe('validatePlaybook', () => {
  it('accepts the shipped stolen-wallet playbook', () => {
    const { definition, problems } = validatePlaybook(structuredClone(shipped));
    expect(problems).toEqual([]);
    expect(definition?.id).toBe('stolen-wallet');
    expect(definition?.entry).toEqual([{ type: 'loadTransactions', params: {} }]);
    expect(definition?.states.verify_identity.on.IDENTITY_VERIFIED.actions).toEqual([
      { type: 'recordIdentity', params: { verified: true } },
      { type: 'blockCards', params: { reason: 'stolen' } },
    ]);
    expect(definition?.states.blocking_cards.on.BLOCKS_CONFIRMED.guard).toEqual({ type: 'allCardsBlocked' });
  });

  it('accepts a small playbook and normalises it', () => {
    const { definition, problems } = validatePlaybook(small());
    expect(problems).toEqual([]);
    expect(definition).toMatchObject({ entry: [], on: {}, states: { first: { on: { CUSTOMER_READY: { primary: true, actions: [] } } } } });
  });

  it('rejects anything that is not a mapping', () => {
    expect(validatePlaybook(['a list']).problems).toEqual(['playbook: must be a YAML mapping']);
  });

  describe('catalog names', () => {
    it('rejects an unknown event', () => {
      const problems = broken((raw) => {
        raw.states.reassure.on.CUSTOMER_WAVED = { target: 'verify_identity', label: text('Waved') };
      });
      expect(problems).toEqual(['state reassure on CUSTOMER_WAVED: unknown event `CUSTOMER_WAVED`']);
    });

    it('rejects an aftercare event, which never reaches a playbook', () => {
      const problems = broken((raw) => {
        raw.on.REISSUE_DELIVERED = {};
      });
      expect(problems).toEqual(['playbook on REISSUE_DELIVERED: `REISSUE_DELIVERED` is aftercare, handled by Lifeline outside playbooks, whatever the step']);
    });

    it('rejects an unknown action', () => {
      const problems = broken((raw) => {
        raw.states.identity_fallback.on.PROTECTIVE_BLOCK_AGREED.actions = [{ type: 'blockEverything' }];
      });
      expect(problems).toEqual(['state identity_fallback on PROTECTIVE_BLOCK_AGREED: unknown action `blockEverything`']);
    });

    it('rejects an unknown guard', () => {
      const problems = broken((raw) => {
        raw.states.blocking_cards.on.BLOCKS_CONFIRMED.guard = 'allCardsProbablyBlocked';
      });
      expect(problems).toEqual(['state blocking_cards on BLOCKS_CONFIRMED: unknown guard `allCardsProbablyBlocked`']);
    });

    it('rejects an unknown mood in calm words', () => {
      const problems = broken((raw) => {
        raw.states.reassure.step.calm.sleepy = text('Wake up');
      });
      expect(problems).toEqual(['state reassure step calm: unknown mood `sleepy` (known: panicked, angry, confused)']);
    });
  });

  describe('action params', () => {
    it.each([
      ['a value outside the options', { reason: 'misplaced' }, 'param `reason` must be one of lost, stolen, compromised'],
      ['a missing required param', {}, 'param `reason` is required'],
      ['a param of the wrong type', { reason: 'stolen', mode: true }, 'param `mode` must be a string'],
      ['an unknown param', { reason: 'stolen', urgency: 'high' }, 'unknown param `urgency`'],
    ])('rejects %s', (_, params, message) => {
      const problems = broken((raw) => {
        raw.states.identity_fallback.on.PROTECTIVE_BLOCK_AGREED.actions = [{ type: 'blockCards', params }];
      });
      expect(problems).toEqual([`state identity_fallback on PROTECTIVE_BLOCK_AGREED action blockCards: ${message}`]);
    });

    it('rejects a boolean param given as text', () => {
      const problems = broken((raw) => {
        raw.states.verify_identity.on.IDENTITY_FAILED.actions = [{ type: 'recordIdentity', params: { verified: 'no' } }];
      });
      expect(problems).toEqual(['state verify_identity on IDENTITY_FAILED action recordIdentity: param `verified` must be a boolean']);
    });
  });

  describe('text', () => {
    it('rejects a script without its Russian text', () => {
      const problems = broken((raw) => {
        delete raw.states.blocking_cards.step.say.ru;
      });
      expect(problems).toEqual(['state blocking_cards step say: missing `ru` text']);
    });

    it('rejects blank text and an unknown locale', () => {
      const problems = broken((raw) => {
        raw.states.reassure.step.calm.angry = { en: 'Calm down', ru: '   ', de: 'Ruhig' };
      });
      expect(problems).toEqual(['state reassure step calm angry: missing `ru` text', 'state reassure step calm angry: unknown locale `de`']);
    });

    it('rejects a step without a script', () => {
      const problems = broken((raw) => {
        delete raw.states.review_transactions.step;
      });
      expect(problems).toEqual(['state review_transactions step: is required: every step tells the operator what to say and do']);
    });

    it('rejects an operator transition without a label', () => {
      const problems = broken((raw) => {
        delete raw.states.reissue.on.REISSUE_DECLINED.label;
      });
      expect(problems).toEqual(['state reissue on REISSUE_DECLINED label: needs text in en and ru']);
    });
  });

  describe('primary transitions', () => {
    it('rejects two primaries in one step', () => {
      const problems = broken((raw) => {
        raw.states.verify_identity.on.IDENTITY_FAILED.primary = true;
      });
      expect(problems).toEqual(['state verify_identity: needs exactly one primary transition (has 2: IDENTITY_VERIFIED, IDENTITY_FAILED)']);
    });

    it('rejects a step without a primary', () => {
      const problems = broken((raw) => {
        delete raw.states.emergency_help.on.EMERGENCY_ASSESSED.primary;
      });
      expect(problems).toEqual(['state emergency_help: needs exactly one primary transition (has 0)']);
    });

    it('rejects a job event as the primary: the operator cannot press it', () => {
      const problems = broken((raw) => {
        raw.states.awaiting_callback.on.CALLBACK_STARTED.primary = false;
        raw.states.awaiting_callback.on.CALLBACK_DUE.primary = true;
      });
      expect(problems).toEqual(['state awaiting_callback on CALLBACK_DUE: a primary transition must be an operator event']);
    });

    it('rejects primaries that loop instead of reaching the end', () => {
      const problems = broken((raw) => {
        raw.states.calling_back.on.CALLBACK_COMPLETED.primary = false;
        raw.states.calling_back.on.CUSTOMER_UNREACHABLE.primary = true;
      });
      expect(problems).toEqual([
        'playbook: following primary transitions loops: reassure → verify_identity → blocking_cards → review_transactions → emergency_help → reissue → callback → closing → awaiting_callback → calling_back → awaiting_callback',
      ]);
    });

    it('rejects a primary without a target: the step would never move on', () => {
      const raw = small();
      delete raw.states.second.on.CALL_ENDED.target;
      raw.states.first.on.CUSTOMER_MOOD = { target: 'done', label: text('Mood'), actions: ['recordMood'] };
      expect(validatePlaybook(raw).problems).toEqual(['playbook: following primary transitions loops: first → second → second']);
    });

    it('rejects primaries that end in a cancelled final state', () => {
      const raw = small();
      raw.states.abandoned = { type: 'final', outcome: 'cancelled' };
      raw.states.second.on.CALL_ENDED.target = 'abandoned';
      raw.states.second.on.CALLBACK_COMPLETED = { target: 'done', label: text('Done') };
      expect(validatePlaybook(raw).problems).toEqual(['playbook: following primary transitions ends in `abandoned`, which is not resolved']);
    });
  });

  describe('graph', () => {
    it('rejects a target that does not exist', () => {
      const problems = broken((raw) => {
        raw.states.reassure.on.CUSTOMER_READY.target = 'verify_identiy';
      });
      expect(problems).toEqual(['state reassure on CUSTOMER_READY: target `verify_identiy` does not exist']);
    });

    it('rejects an initial state that does not exist', () => {
      const problems = broken((raw) => {
        raw.initial = 'hello';
      });
      expect(problems).toEqual(['playbook: initial state `hello` does not exist']);
    });

    it('rejects a state nobody can reach', () => {
      const problems = broken((raw) => {
        raw.states.forgotten = { step: step('Forgotten'), on: { CALL_ENDED: { target: 'resolved', primary: true, label: text('End') } } };
      });
      expect(problems).toEqual(['state forgotten: is not reachable from the initial state']);
    });

    it('rejects a final state without an outcome, or with events', () => {
      const problems = broken((raw) => {
        raw.states.resolved = { type: 'final', on: { CALLBACK_STARTED: { target: 'calling_back' } } };
      });
      expect(problems).toEqual([
        'state resolved: a final state needs `outcome: resolved` or `outcome: cancelled`',
        'state resolved: a final state takes no events',
      ]);
    });
  });

  describe('XState features that do not survive a stored snapshot', () => {
    it('rejects `after`, saying to use a scheduleCallback effect', () => {
      const problems = broken((raw) => {
        raw.states.awaiting_callback.after = { 1800000: 'calling_back' };
      });
      expect(problems).toEqual([
        'state awaiting_callback: `after` is not allowed (delayed transitions are lost when a snapshot is stored; use a scheduleCallback effect)',
      ]);
    });

    it('rejects `invoke`, saying to use an effect', () => {
      const problems = broken((raw) => {
        raw.states.blocking_cards.invoke = { src: 'blockCardsNow' };
      });
      expect(problems).toEqual(['state blocking_cards: `invoke` is not allowed (invoked services do not survive a restart; use an effect)']);
    });

    it('rejects `always`, state `entry` and `spawn`, but keeps the playbook-level entry', () => {
      const problems = broken((raw) => {
        raw.states.review_transactions.always = { target: 'emergency_help' };
        raw.states.reissue.entry = ['scheduleReissue'];
        raw.states.callback.on.CALLBACK_SCHEDULED.spawn = 'callbackTimer';
      });
      expect(problems).toEqual([
        "state review_transactions: `always` is not allowed (eventless transitions hide the operator's next step; name an event)",
        'state reissue: `entry` is not allowed (state entry actions are not allowed; put actions on the transition into the state)',
        'state callback on CALLBACK_SCHEDULED: `spawn` is not allowed (spawned actors do not survive a restart; use an effect)',
      ]);
    });

    it('rejects unknown keys', () => {
      const problems = broken((raw) => {
        raw.states.reassure.meta = { step: {} };
      });
      expect(problems).toEqual(['state reassure: unknown key `meta`']);
    });
  });

  describe('events handled in every state', () => {
    it('may only run actions, not move the incident', () => {
      const problems = broken((raw) => {
        raw.on.CARD_BLOCK_FAILED = { target: 'block_failed', actions: ['recordCardBlockFailed'] };
        raw.on.CUSTOMER_MOOD.primary = true;
      });
      expect(problems).toEqual([
        'playbook on CARD_BLOCK_FAILED: events handled in every state may only run actions',
        'playbook on CUSTOMER_MOOD: events handled in every state may only run actions',
      ]);
    });
  });

  it('reports every problem at once, one line each', () => {
    const problems = broken((raw) => {
      raw.id = 'Stolen Wallet';
      raw.version = 0;
      delete raw.title.ru;
      raw.entry = ['loadEverything'];
    });
    expect(problems).toEqual([
      'playbook: `id` must be a kebab-case name',
      'playbook: `version` must be a positive integer',
      'playbook title: missing `ru` text',
      'playbook entry: unknown action `loadEverything`',
    ]);
  });
});

describe('allowedEvents', () => {
  it('lists the operator events of a step, primary first, without job events', () => {
    const state = {
      step: step('Any'),
      on: {
        CARD_BLOCK_FAILED: { actions: [] },
        BLOCKED_BY_CARD_PROCESSING: { target: 'x', actions: [] },
        BLOCK_RETRY_REQUESTED: { target: 'x', primary: true, actions: [] },
      },
    };
    expect(allowedEvents(state)).toEqual(['BLOCK_RETRY_REQUESTED', 'BLOCKED_BY_CARD_PROCESSING']);
  });
});

describe('job reports a playbook must handle', () => {
  it('refuses a playbook that asks for card blocks but forgets their reports, which would leave it blocking forever', () => {
    const problems = broken((raw) => {
      delete raw.on.CARD_BLOCKED;
    });
    expect(problems).toEqual([
      'playbook on: `blockCards` asks for effects that report `CARD_BLOCKED`; handle it in `on` at the top (`CARD_BLOCKED: {}` to keep it on the timeline only)',
    ]);
  });
});
