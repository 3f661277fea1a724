import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Controller, Get, Next, Post, Req, Res } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import jwt from 'jsonwebtoken';
import { bearerToken } from '../auth/tokens.js';
import { errorAnswer } from '../common/http-error.filter.js';
import { LifelineError } from '../common/lifeline.error.js';
import { EffectQueue, QueueName } from '../effects/effect-queue.js';
import { QUEUE_BOARD_COOKIE, QUEUE_BOARD_PATH } from './queue-board.gate.js';

function boardRefusal(status: number, body: unknown) {
  const said = (body ?? {}) as { error?: unknown; message?: unknown };
  const message = typeof said.error === 'string' ? said.error : typeof said.message === 'string' ? said.message : 'The queue dashboard could not answer';
  const code = status === 404 ? 'not_found' : status < 500 ? 'bad_request' : 'service_unavailable';
  return errorAnswer(new LifelineError(code, `Queue dashboard: ${message}`)).body;
}

/** A dashboard session is short: a supervisor opens it again from the console. */
export const QUEUE_BOARD_SESSION_SECONDS = 15 * 60;

/** Bull Board for supervisors, read-only: queue counts and jobs, never a button that changes them. */
@Controller('v1/queues')
export class QueueDashboardController {
  private readonly board: (req: Request, res: Response, next: NextFunction) => void;

  constructor(effectQueue: EffectQueue) {
    const server = new ExpressAdapter().setBasePath(QUEUE_BOARD_PATH);
    createBullBoard({
      queues: Object.values(QueueName).map((name) => new BullMQAdapter(effectQueue.queue(name), { readOnlyMode: true, allowRetries: false })),
      serverAdapter: server,
      options: { uiConfig: { boardTitle: 'Lifeline queues' } },
    });
    this.board = server.getRouter() as (req: Request, res: Response, next: NextFunction) => void;
  }

  /**
   * Puts the supervisor's own (already checked) Bearer token in an HttpOnly cookie a browser sends to the
   * dashboard only, for at most 15 minutes: the guards check it there as any token, from HS256 or OIDC alike.
   */
  @Post('session')
  openSession(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const token = bearerToken(req.headers.authorization)!;
    const tokenExpiry = ((jwt.decode(token) as jwt.JwtPayload | null)?.exp ?? 0) * 1000;
    const expiresAt = Math.min(Date.now() + QUEUE_BOARD_SESSION_SECONDS * 1000, tokenExpiry);
    res.cookie(QUEUE_BOARD_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: true, path: QUEUE_BOARD_PATH, maxAge: Math.max(0, expiresAt - Date.now()) });
    return { dashboard: `${QUEUE_BOARD_PATH}/`, expiresAt: new Date(expiresAt).toISOString() };
  }

  @Get('board{/*path}')
  serve(@Req() req: Request, @Res() res: Response, @Next() next: NextFunction): void {
    // Bull Board routes by the path below its mount point.
    req.url = req.originalUrl.slice(QUEUE_BOARD_PATH.length) || '/';
    // Its refusals and failures answer in Lifeline's error body, like every other route.
    const json = res.json.bind(res);
    res.json = (body: unknown) => (res.statusCode < 400 ? json(body) : json(boardRefusal(res.statusCode, body)));
    this.board(req, res, (error?: unknown) => (error ? res.status(503).json(error) : next()));
  }
}
