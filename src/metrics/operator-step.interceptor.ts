import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable, tap } from 'rxjs';
import { Metrics } from './metrics.js';

const OPERATOR_STEP = 'POST /v1/incidents/:id/events';

/** Times every operator step, labelled with the playbook the answer names (a refusal carries the incident view too). */
@Injectable()
export class OperatorStepInterceptor implements NestInterceptor {
  constructor(private readonly metrics: Metrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    if (`${request.method} ${request.route?.path}` !== OPERATOR_STEP) return next.handle();
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    return next.handle().pipe(
      tap({
        next: (view: { playbook?: { id?: string } }) =>
          this.metrics.operatorStepAnswered(view?.playbook?.id ?? 'unknown', context.switchToHttp().getResponse<Response>().statusCode, seconds()),
        error: (error: { status?: number; details?: { incident?: { playbook?: { id?: string } } } }) =>
          this.metrics.operatorStepAnswered(error?.details?.incident?.playbook?.id ?? 'unknown', error?.status ?? 500, seconds()),
      }),
    );
  }
}
