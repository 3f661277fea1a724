import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { containsCardNumber } from '../common/card-number.js';
import { BANK_ROUTES, batchCardRefs, type BankRoute } from './bank-routes.js';
import { faultSettings, rollFault, type Faults, type FaultSettings } from './faults.js';
import { Ledger, type LedgerEntry } from './ledger.js';
import { BankRefusal, badRequest, SimulatedBank } from './simulated-bank.js';

/** How long a "timeout" fault holds a call: longer than any sane client waits. */
const HELD_CALL_MS = 30_000;

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  faults?: Faults;
}

export interface RunningSimulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body?: unknown;
}

/** The first answer to an Idempotency-Key, plus the call it answered, to refuse the key on a different call. */
interface RememberedAnswer extends Answer {
  call: string;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  const simulator = new CoreBankingSimulator(faultSettings(options.faults ?? {}));
  const server = createServer((req, res) => void simulator.serve(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, port, close: () => simulator.shutDown(server) };
}

class CoreBankingSimulator {
  private readonly bank = new SimulatedBank();
  private readonly ledger = new Ledger();
  private readonly answers = new Map<string, RememberedAnswer>();
  /** Latency and held calls, cleared on shutdown so nothing keeps the process alive. */
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private faults: FaultSettings) {}

  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://simulator');
      const body = await readBody(req);
      const answer = url.pathname.startsWith('/v1/') ? await this.bankCall(req, url, body) : this.control(req.method, url, body);
      send(res, answer);
    } catch (error) {
      send(res, error instanceof BankRefusal ? refusal(error) : { status: 500, body: { error: 'internal', message: 'simulator failed' } });
    }
  }

  shutDown(server: Server): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    return new Promise((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
  }

  /** Faults first (as a real outage would), then replay or execute; every call lands in the ledger. */
  private async bankCall(req: IncomingMessage, url: URL, body: string): Promise<Answer> {
    const method = req.method ?? 'GET';
    const call: Omit<LedgerEntry, 'seq' | 'status' | 'replayed' | 'answer'> = {
      method,
      path: maskedPath(url.pathname),
      cardRef: null,
      idempotencyKey: header(req, 'idempotency-key'),
      at: new Date().toISOString(),
    };
    const answered = (answer: Answer, replayed = false): Answer => {
      this.ledger.record({ ...call, status: answer.status, replayed, answer: answer.body });
      return answer;
    };

    const matched = matchBankRoute(method, url.pathname);
    if (!matched) return answered({ status: 404, body: { error: 'not_found', message: `no core-banking route ${method} ${call.path}` } });
    const { route, ref } = matched;
    if (containsCardNumber(ref)) return answered(refusal(badRequest('a full card number is never accepted; send the card ref')));
    if (route.subject === 'card') call.cardRef = ref;
    if (route.subject === 'cards') call.cardRefs = ledgerCardRefs(body);
    const key = route.method === 'POST' ? call.idempotencyKey : null;
    if (route.method === 'POST' && !key) return answered(refusal(badRequest('Idempotency-Key header is required on every write')));

    await this.pause(this.faults.latencyMs);
    const fault = rollFault(this.faults);
    if (fault === 'error') return answered({ status: 503, body: { error: 'unavailable', message: 'core banking is unavailable' } });
    if (fault === 'timeout') {
      this.ledger.record({ ...call, status: 'timeout', replayed: false, answer: null });
      await this.pause(HELD_CALL_MS);
      return { status: 504, body: { error: 'timeout', message: 'core banking did not answer in time' } };
    }

    const fingerprint = `${method} ${url.pathname} ${body}`;
    const remembered = key ? this.answers.get(key) : undefined;
    if (remembered && remembered.call !== fingerprint) {
      return answered({ status: 422, body: { error: 'idempotency_key_reused', message: 'this Idempotency-Key was used for a different call' } });
    }
    if (remembered) return answered({ status: remembered.status, body: remembered.body }, true);

    const answer = this.execute(route, ref, url.searchParams, body);
    // A malformed call never reached the book, so a corrected retry with the same key must still run.
    if (key && answer.status !== 400) this.answers.set(key, { call: fingerprint, ...answer });
    return answered(answer);
  }

  private execute(route: BankRoute, ref: string, query: URLSearchParams, body: string): Answer {
    try {
      const parsed = route.method === 'POST' ? parseJson(body) : undefined;
      return { status: 200, body: route.answer(this.bank, { ref, query, body: parsed }) };
    } catch (error) {
      if (error instanceof BankRefusal) return refusal(error);
      throw error;
    }
  }

  /** Test and demo controls; these are not core-banking calls, so they stay out of the ledger and the faults. */
  private control(method: string | undefined, url: URL, body: string): Answer {
    switch (`${method} ${url.pathname}`) {
      case 'GET /health':
        return { status: 200, body: { status: 'ok' } };
      case 'GET /ledger':
        return { status: 200, body: { entries: this.ledger.list(url.searchParams.get('cardRef') ?? undefined) } };
      case 'DELETE /ledger':
        this.ledger.clear();
        return { status: 204 };
      case 'GET /faults':
        return { status: 200, body: this.faults };
      case 'PUT /faults':
        this.faults = faultSettings(parseJson(body));
        return { status: 200, body: this.faults };
      default:
        return { status: 404, body: { error: 'not_found', message: 'no such simulator route' } };
    }
  }

  private pause(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

function matchBankRoute(method: string, pathname: string): { route: BankRoute; ref: string } | undefined {
  for (const route of BANK_ROUTES) {
    const match = route.method === method ? route.pattern.exec(pathname) : null;
    if (match) return { route, ref: decodeSegment(match[1] ?? '') };
  }
  return undefined;
}

/** The path for the ledger, with any card-number-like segment masked so a PAN is never stored. */
function maskedPath(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => (containsCardNumber(decodeSegment(segment)) ? '[redacted]' : segment))
    .join('/');
}

/** A batch call's cards for the ledger; none when the body is malformed (or names a card number), which is refused anyway. */
function ledgerCardRefs(body: string): string[] | undefined {
  try {
    return batchCardRefs(parseJson(body));
  } catch {
    return undefined;
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) || null;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(body: string): unknown {
  if (body.trim() === '') return undefined;
  try {
    return JSON.parse(body);
  } catch {
    throw badRequest('body must be valid JSON');
  }
}

function refusal(error: BankRefusal): Answer {
  return { status: error.status, body: { error: error.error, message: error.message } };
}

function send(res: ServerResponse, answer: Answer): void {
  if (answer.body === undefined) {
    res.writeHead(answer.status).end();
    return;
  }
  res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
}
