import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { getMetadataStorage } from 'class-validator';
import { openApiPath } from '../src/openapi/openapi.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Operation {
  /** Empty on routes open to anyone (no token needed). */
  security?: unknown[];
  requestBody?: { content: { 'application/json': { schema: { $ref?: string; properties?: Record<string, unknown> } } } };
  parameters: { name: string; in: string }[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string }; example?: unknown }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
}

type Layer = { route?: { path: string; methods: Record<string, boolean> } };

describe('the OpenAPI document (/docs/openapi.json)', () => {
  let t: TestApp;
  let doc: Document;

  beforeAll(async () => {
    // With dev sign-in on, so its route is served and must be documented like every other.
    t = await startTestApp({ CONSOLE_DEV_SIGNIN: 'true' });
    doc = (await t.http().get('/docs/openapi.json').expect(200).expect('content-type', /json/)).body as Document;
  });

  afterAll(() => t?.close());

  /** Every route the service really serves, as Express registered it (Swagger's and Bull Board's own UI routes aside). */
  function servedRoutes(): { method: string; path: string }[] {
    const stack = (t.app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } }).router.stack;
    return stack
      .filter((layer) => layer.route && !layer.route.path.startsWith('/docs') && !layer.route.path.startsWith('/v1/queues/board'))
      .flatMap((layer) => Object.keys(layer.route!.methods).filter((m) => m !== '_all').map((method) => ({ method, path: layer.route!.path })));
  }

  it('serves Swagger UI at /docs without a token', async () => {
    const ui = await t.http().get('/docs/').expect(200);
    expect(ui.text).toMatch(/swagger-ui/i);
  });

  it('describes every route the service serves, and no route it does not', () => {
    const served = servedRoutes().map(({ method, path }) => `${method.toUpperCase()} ${openApiPath(path)}`).sort();
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)).sort();
    expect(served.length).toBeGreaterThan(15);
    expect(documented).toEqual(served);
  });

  it("documents each body with the DTO the handler validates, every field of it", () => {
    // Each controller's handlers, and the type of the parameter their @Body() validates.
    const controllers = [...((t.app as unknown as { container: { getModules(): Map<string, { controllers: Map<unknown, { metatype: new () => object }> }> } }).container.getModules().values())]
      .flatMap((module) => [...module.controllers.values()].map((wrapper) => wrapper.metatype));
    let checked = 0;
    for (const controller of controllers) {
      const base = Reflect.getMetadata('path', controller) as string;
      for (const key of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[key];
        if (typeof handler !== 'function' || key === 'constructor') continue;
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, key) ?? {}) as Record<string, { index: number }>;
        const body = Object.entries(args).find(([k]) => k.startsWith(`${RouteParamtypes.BODY}:`));
        if (!body) continue;
        const type = (Reflect.getMetadata('design:paramtypes', controller.prototype, key) as (new () => object)[])[body[1].index];
        const method = ['get', 'post', 'put', 'delete', 'patch'][Reflect.getMetadata('method', handler) as number];
        const sub = Reflect.getMetadata('path', handler) as string;
        const path = openApiPath(`/${[base, sub].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/'));
        const operation = doc.paths[path]?.[method];
        expect({ path, documented: Boolean(operation?.requestBody) }).toEqual({ path, documented: true });
        const schema = operation!.requestBody!.content['application/json'].schema;
        if (type === Object) {
          // The breach list is checked by hand (one pass over 100,000 cards), so its schema is written out.
          expect(Object.keys(schema.properties ?? {}).length).toBeGreaterThan(2);
          continue;
        }
        expect(schema.$ref).toBe(`#/components/schemas/${type.name}`);
        const fields = new Set(getMetadataStorage().getTargetValidationMetadatas(type, '', true, false).map((m) => m.propertyName));
        expect(Object.keys(doc.components.schemas[type.name].properties ?? {}).sort()).toEqual([...fields].sort());
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });

  it('lists the query parameters of every filtered route', () => {
    expect(doc.paths['/v1/audit/card-actions'].get.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['from', 'to', 'cardRef', 'customerRef', 'actor', 'action', 'result', 'incidentId', 'cursor', 'limit']));
    expect(doc.paths['/v1/alerts'].get.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['status', 'limit']));
  });

  it('gives every route its success with an example, and every refusal it can give with the error body', () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(ops)) {
        const statuses = Object.keys(operation.responses).map(Number);
        const where = `${method.toUpperCase()} ${path}`;
        const successes = statuses.filter((s) => s < 300);
        expect({ where, successes: successes.length > 0 }).toEqual({ where, successes: true });
        for (const s of successes) expect({ where, s, example: Object.values(operation.responses[s].content ?? {})[0]?.example !== undefined }).toEqual({ where, s, example: true });
        const needed = [
          // Routes open to anyone (no token, no rate limit) cannot answer 401, 403 or 429.
          ...(path.startsWith('/v1/') && operation.security?.length !== 0 ? [400, 401, 403, 429] : []),
          ...(/\{\w+\}/.test(path) ? [404] : []),
          // Reads wait under overload (writes never do).
          ...(where.startsWith('GET /v1/') ? [503] : []),
          ...(where === 'POST /v1/incidents' || where === 'POST /v1/incidents/{id}/events' ? [409, 422] : []),
        ];
        expect({ where, missing: needed.filter((s) => !statuses.includes(s)) }).toEqual({ where, missing: [] });
        for (const s of statuses.filter((x) => x >= 400 && path.startsWith('/v1/'))) {
          expect({ where, s, body: operation.responses[s].content?.['application/json']?.schema?.$ref }).toEqual({ where, s, body: '#/components/schemas/Error' });
        }
      }
    }
  });
});
