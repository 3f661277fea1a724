import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EFFECT_KINDS, type EffectKind } from '../playbooks/catalog/effects.js';
import type { EffectHandler, TimelineLines } from './effect-handler.js';
import type { EventName } from '../playbooks/catalog/events.js';
import type { Locale } from '../playbooks/playbook.definition.js';

/**
 * The handlers of every effect kind. Each owning module adds its own at init; the service refuses to
 * start if a kind a playbook can ask for has none, so an effect can never wait for a handler that is not there.
 */
@Injectable()
export class EffectHandlers implements OnApplicationBootstrap {
  private readonly byKind = new Map<EffectKind, EffectHandler>();
  private readonly lines = new Map<string, Record<Locale, (data: never) => string>>();

  register(...handlers: EffectHandler[]): void {
    for (const handler of handlers) {
      if (this.byKind.has(handler.kind)) throw new Error(`Two handlers for effect kind ${handler.kind}`);
      this.byKind.set(handler.kind, handler);
      for (const [type, line] of Object.entries(handler.timeline ?? {}) as [EventName, NonNullable<TimelineLines[EventName]>][]) {
        if (this.lines.has(type)) throw new Error(`Two handlers word the timeline line of ${type}`);
        this.lines.set(type, line);
      }
    }
  }

  of<K extends EffectKind>(kind: K): EffectHandler<K> {
    const handler = this.byKind.get(kind);
    if (!handler) throw new Error(`No handler for effect kind ${kind}`);
    return handler as EffectHandler<K>;
  }

  /** A report's timeline line in its handler's words, if its handler words it. */
  timelineLine(type: string, data: Record<string, unknown>, locale: Locale): string | undefined {
    return this.lines.get(type)?.[locale](data as never);
  }

  onApplicationBootstrap(): void {
    const missing = EFFECT_KINDS.filter((kind) => !this.byKind.has(kind));
    if (missing.length > 0) throw new Error(`No handler for effect kind(s) ${missing.join(', ')}: import the modules that own them`);
  }
}
