import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable } from 'rxjs';
import { Metrics } from './metrics.js';

const OPERATOR_STEP = 'POST /v1/incidents/:id/events';

/** Times every operator step until its answer is sent, whatever the answer (200, 409 stale, 422 not allowed…). */
@Injectable()
export class OperatorStepInterceptor implements NestInterceptor {
  constructor(private readonly metrics: Metrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    if (`${request.method} ${request.route?.path}` !== OPERATOR_STEP) return next.handle();
    const response = context.switchToHttp().getResponse<Response>();
    const started = performance.now();
    response.once('finish', () => void this.metrics.operatorStepAnswered(String(request.params.id), response.statusCode, (performance.now() - started) / 1000));
    return next.handle();
  }
}
