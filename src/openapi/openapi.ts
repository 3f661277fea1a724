import type { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import type { OpenAPIObject, OperationObject, ParameterObject, SchemaObject } from '@nestjs/swagger';
import { createRequire } from 'node:module';
import { ACCESS_MATRIX, ANYONE } from '../auth/access-matrix.js';
import { dtoSchemas, type NestedTypeOf } from './dto-schema.js';
import { ROUTE_DOCS } from './route-docs.js';

const ERROR_BODY: SchemaObject = {
  type: 'object',
  required: ['error', 'message'],
  properties: { error: { type: 'string', example: 'bad_request' }, message: { type: 'string', example: 'customerRef must be a reference' }, details: { type: 'object' } },
};

/** Every /v1 route can refuse these, before it runs. */
const COMMON_REFUSALS: Record<number, string> = {
  400: 'Bad input (a field, an unknown field, a malformed id); nothing changed',
  401: 'No valid Bearer token',
  403: 'The token lacks a role this route needs',
  429: 'Over RATE_LIMIT_PER_MINUTE; Retry-After says when to try again',
};

/** Every /v1 read can also wait under overload; writes never do. */
const READ_REFUSALS: Record<number, string> = {
  503: '`overloaded`: the event loop lags past SHED_READS_AT_LOOP_DELAY_MS, or SHED_READS_AT_POOL_WAITING queries wait for a connection, so reads wait while steps and card blocks go first; Retry-After says when to read again',
};

/** class-transformer keeps `@Type(() => CardDto)` in a store it does not export from its index. */
const { defaultMetadataStorage } = createRequire(import.meta.url)('class-transformer/cjs/storage.js') as {
  defaultMetadataStorage: { findTypeMetadata(target: unknown, property: string): { typeFunction(): unknown } | undefined };
};

const nestedTypeOf: NestedTypeOf = (target, property) => defaultMetadataStorage.findTypeMetadata(target as never, property)?.typeFunction() as never;

/** `/v1/incidents/:id` → `/v1/incidents/{id}` */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** The document, built from the route table, the DTOs' validation rules and the access matrix. */
export function openApiDocument(): OpenAPIObject {
  const schemas: Record<string, SchemaObject> = { Error: ERROR_BODY };
  const paths: OpenAPIObject['paths'] = {};
  for (const [route, doc] of Object.entries(ROUTE_DOCS)) {
    const [method, path] = route.split(' ');
    const callers = ACCESS_MATRIX[route];
    const open = callers === ANYONE;
    const parameters: ParameterObject[] = [...path.matchAll(/:(\w+)/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string', format: /id$/i.test(name) && !path.startsWith('/v1/playbooks') ? 'uuid' : undefined } }));
    if (doc.query) {
      dtoSchemas(doc.query, nestedTypeOf, schemas);
      const query = schemas[doc.query.name];
      for (const [name, schema] of Object.entries(query.properties ?? {})) parameters.push({ name, in: 'query', required: false, schema: schema as SchemaObject });
    }
    const refusals = { ...(open ? {} : COMMON_REFUSALS), ...(method === 'GET' && path.startsWith('/v1') ? READ_REFUSALS : {}), ...doc.refusals };
    const operation: OperationObject = {
      tags: [doc.tag],
      summary: doc.summary,
      description: open ? 'No token needed.' : `Roles: ${(callers as readonly string[]).join(', ')}.`,
      ...(open ? { security: [] } : {}),
      parameters,
      responses: {
        ...Object.fromEntries(Object.entries(doc.ok).map(([status, ok]) => [status, { description: ok.description, content: { [ok.contentType ?? 'application/json']: { example: ok.example } } }])),
        ...Object.fromEntries(Object.entries(refusals).map(([status, description]) => [status, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }])),
      },
    };
    if (doc.body) {
      if (typeof doc.body === 'function') {
        dtoSchemas(doc.body, nestedTypeOf, schemas);
        operation.requestBody = { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${doc.body.name}` } } } };
      } else {
        operation.requestBody = { required: true, content: { 'application/json': { schema: doc.body.schema as SchemaObject, example: doc.body.example } } };
      }
    }
    (paths[openApiPath(path)] ??= {})[method.toLowerCase() as 'get'] = operation;
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Lifeline', version: '1', description: 'Crisis-incident playbooks for a retail bank. Errors are always `{ error, message, details? }`.' },
    components: { schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    security: [{ bearer: [] }],
    paths,
  };
}

/** Swagger UI at /docs and the document at /docs/openapi.json; no token needed (it holds no data). */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, openApiDocument, { jsonDocumentUrl: 'docs/openapi.json', yamlDocumentUrl: 'docs/openapi.yaml', ui: true });
}
