import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { serveConsole } from '../../src/console-serving.js';

@Module({})
class EmptyModule {}

/** /console with and without a build: the real serving code over HTTP, pointed at a directory of the test's own. */
describe('serving the console', () => {
  let dir: string;
  let app: NestExpressApplication | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lifeline-console-'));
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  async function served(consoleDir: string) {
    const moduleRef = await Test.createTestingModule({ imports: [EmptyModule] }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
    serveConsole(app, consoleDir);
    await app.init();
    return request(app.getHttpServer());
  }

  it('answers 404 with what to do when the console is not built', async () => {
    const http = await served(dir); // empty: no index.html
    for (const path of ['/console', '/console/', '/console/incidents/42', '/console/assets/app.js']) {
      const res = await http.get(path).expect(404).expect('content-type', /json/);
      expect({ path, body: res.body }).toEqual({ path, body: { error: 'not_found', message: 'The console is not built; run npm run build' } });
    }
  });

  it('serves the built console, and its page for a client route', async () => {
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Lifeline console</title>');
    const http = await served(dir);
    expect((await http.get('/console/').expect(200)).text).toContain('Lifeline console');
    expect((await http.get('/console/incidents/42').expect(200)).text).toContain('Lifeline console');
    await http.get('/console/assets/missing.js').expect(404);
  });
});
