import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Role } from '../../src/auth/principal.js';
import { signToken } from '../../src/auth/tokens.js';
import { TEST_JWT_SECRET } from '../support/test-env.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface ConsoleRig {
  t: TestApp;
  browser: Browser;
  base: string;
  close(): Promise<void>;
}

/** The real service listening on a port (real Postgres, Redis, simulator) and Debian's chromium, headless. */
export async function startConsoleRig(): Promise<ConsoleRig> {
  const t = await startTestApp({ CONSOLE_DEV_SIGNIN: 'true' });
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    t,
    browser,
    base: `http://127.0.0.1:${port}`,
    async close() {
      await browser.close();
      await t.close();
    },
  };
}

/** A browser context signed in as `sub` with `roles` (the console keeps its session in sessionStorage). */
export async function signedInContext(rig: ConsoleRig, sub: string, roles: Role[], viewport = { width: 1280, height: 800 }): Promise<BrowserContext> {
  const context = await rig.browser.newContext({ viewport });
  const token = signToken({ sub, roles }, TEST_JWT_SECRET, 600);
  await context.addInitScript(`sessionStorage.setItem('lifeline.session', ${JSON.stringify(JSON.stringify({ token, sub, roles }))})`);
  return context;
}

/** axe-core in the page (evaluated over the DevTools protocol, so the page's CSP stays on): serious or critical violations. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  // In-page code as text: the server's tsconfig has no DOM types.
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
  const results = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(tags)} } })`)) as {
    violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
  };
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export const focusedInside = (page: Page, selector: string) => page.evaluate(`!!document.activeElement?.closest(${JSON.stringify(selector)})`) as Promise<boolean>;
