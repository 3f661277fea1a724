import { Controller, Get, Param } from '@nestjs/common';
import { Allow } from '../auth/access.decorators.js';
import { EVENTS } from './catalog/events.js';
import type { CompiledPlaybook } from './playbook.compiler.js';
import { PlaybookRegistry } from './playbook-registry.js';

/** Playbook definitions for consoles and authors: states, steps, and the primary path. */
@Controller('v1/playbooks')
@Allow('operator', 'supervisor', 'risk', 'system')
export class PlaybooksController {
  constructor(private readonly registry: PlaybookRegistry) {}

  @Get()
  list() {
    return { playbooks: this.registry.list().map(summary) };
  }

  @Get(':id')
  async get(@Param('id') id: string) {
    const playbook = this.registry.latest(id);
    const versions = await this.registry.versions(id);
    return {
      ...summary(playbook),
      initial: playbook.definition.initial,
      primaryPath: primaryPath(playbook),
      states: playbook.definition.states,
      events: Object.fromEntries(Object.keys(playbook.definition.on).concat(...Object.values(playbook.definition.states).map((s) => Object.keys(s.on))).map((e) => [e, EVENTS[e]])),
      versions: versions.map((v) => ({ version: v.version, hash: v.hash, loadedAt: v.loadedAt.toISOString() })),
    };
  }
}

function summary(p: CompiledPlaybook) {
  return { id: p.definition.id, version: p.definition.version, hash: p.hash, title: p.definition.title, description: p.definition.description };
}

/** The states the operator walks through when everything goes to plan. */
export function primaryPath(p: CompiledPlaybook): string[] {
  const path = [p.definition.initial];
  for (;;) {
    const state = p.definition.states[path.at(-1)!];
    const primary = Object.values(state.on).find((t) => t.primary);
    if (!primary?.target || path.includes(primary.target)) return path;
    path.push(primary.target);
  }
}
