import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { eventSpec } from './catalog/events.js';
import { renderDiagram } from './diagram/playbook.diagram.js';
import { DiagramQueryDto } from './dto/diagram-query.dto.js';
import { SimulatePlaybookDto } from './dto/simulate-playbook.dto.js';
import type { CompiledPlaybook } from './playbook.compiler.js';
import { PlaybookRegistry } from './playbook-registry.js';
import { simulatePlaybook, type Simulation } from './playbook.rehearsal.js';
import { primaryPath } from './primary-path.js';

/** Playbook definitions for consoles and authors: states, steps, the primary path, diagrams and rehearsals. */
@Controller('v1/playbooks')
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
      primaryPath: primaryPath(playbook.definition),
      states: playbook.definition.states,
      events: Object.fromEntries(Object.keys(playbook.definition.on).concat(...Object.values(playbook.definition.states).map((s) => Object.keys(s.on))).map((e) => [e, eventSpec(e)])),
      // Every version ever served: new incidents start on `current`, open ones finish on their own.
      versions: versions.map((v) => ({ version: v.version, hash: v.hash, loadedAt: v.loadedAt.toISOString(), current: v.hash === playbook.hash, inFlight: v.inFlight })),
    };
  }

  @Get(':id/diagram')
  diagram(@Param('id') id: string, @Query() query: DiagramQueryDto, @Res({ passthrough: true }) response: Response): string {
    const playbook = this.registry.latest(id);
    // Set only once there is a drawing: errors stay JSON.
    response.type('image/svg+xml');
    return renderDiagram(playbook.definition, query.locale, playbook.hash);
  }

  /** What a list of events would do to a new incident; nothing is stored, sent or enqueued. */
  @Post(':id/simulate')
  @HttpCode(200)
  simulate(@Param('id') id: string, @Body() body: SimulatePlaybookDto): Simulation {
    return simulatePlaybook(this.registry.latest(id), body);
  }
}

function summary(p: CompiledPlaybook) {
  return { id: p.definition.id, version: p.definition.version, hash: p.hash, title: p.definition.title, description: p.definition.description };
}
