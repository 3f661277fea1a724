import { loadPlaybooks, PLAYBOOKS_DIR } from './playbook.loader.js';
import { stepsThatProtect } from './protecting-steps.js';

describe('stepsThatProtect: the steps that never wait their turn', () => {
  const definitions = loadPlaybooks(PLAYBOOKS_DIR).playbooks.map((p) => p.definition);
  const byId = (id: string) => definitions.filter((d) => d.id === id);

  it('names the step that blocks a stolen wallet, and none that only talks or records', () => {
    const steps = stepsThatProtect(byId('stolen-wallet'));
    expect(steps.has('IDENTITY_VERIFIED')).toBe(true);
    for (const talk of ['CUSTOMER_MOOD', 'CUSTOMER_READY', 'REISSUE_REQUESTED', 'CALL_ENDED', 'CANCEL']) expect(steps.has(talk)).toBe(false);
  });

  it('finds freezes as well as blocks, in every playbook served', () => {
    // A lost card is frozen first (a retry of the freeze protects too), and blocked for good later.
    const lost = stepsThatProtect(byId('lost-card'));
    for (const event of ['IDENTITY_VERIFIED', 'FREEZE_RETRY_REQUESTED', 'PERMANENT_BLOCK_REQUESTED']) expect(lost.has(event)).toBe(true);
    expect(lost.has('CARD_FOUND')).toBe(false);
    const all = stepsThatProtect(definitions);
    for (const event of ['PROTECTIVE_BLOCK_AGREED', 'PROTECTION_RETRY_REQUESTED', 'PERMANENT_BLOCK_REQUESTED']) expect(all.has(event)).toBe(true);
    expect(all.has('CUSTOMER_MOOD')).toBe(false);
  });
});
