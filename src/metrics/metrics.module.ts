import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { EffectsModule } from '../effects/effects.module.js';
import { MetricsController } from './metrics.controller.js';
import { Metrics } from './metrics.js';
import { OperatorStepInterceptor } from './operator-step.interceptor.js';

/** `/metrics` and the hooks that feed it; global so a hook is one injected call wherever it is needed. */
@Global()
@Module({
  imports: [EffectsModule],
  controllers: [MetricsController],
  providers: [Metrics, { provide: APP_INTERCEPTOR, useClass: OperatorStepInterceptor }],
  exports: [Metrics],
})
export class MetricsModule {}
