import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EFFECT_KINDS, type EffectKind } from '../playbooks/catalog/effects.js';
import type { EffectHandler } from './effect-handler.js';

/**
 * The handlers of every effect kind. Each owning module adds its own at init; the service refuses to
 * start if a kind a playbook can ask for has none, so an effect can never wait for a handler that is not there.
 */
@Injectable()
export class EffectHandlers implements OnApplicationBootstrap {
  private readonly byKind = new Map<EffectKind, EffectHandler>();

  register(...handlers: EffectHandler[]): void {
    for (const handler of handlers) {
      if (this.byKind.has(handler.kind)) throw new Error(`Two handlers for effect kind ${handler.kind}`);
      this.byKind.set(handler.kind, handler);
    }
  }

  of<K extends EffectKind>(kind: K): EffectHandler<K> {
    const handler = this.byKind.get(kind);
    if (!handler) throw new Error(`No handler for effect kind ${kind}`);
    return handler as EffectHandler<K>;
  }

  onApplicationBootstrap(): void {
    const missing = EFFECT_KINDS.filter((kind) => !this.byKind.has(kind));
    if (missing.length > 0) throw new Error(`No handler for effect kind(s) ${missing.join(', ')}: import the modules that own them`);
  }
}
