import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const ASSETS = new URL('../../dist/console/assets/', import.meta.url).pathname;

describe('the console bundle', () => {
  it('keeps its JavaScript and CSS together under 100 kB gzipped, for a fast first paint', () => {
    const files = readdirSync(ASSETS).filter((f) => /\.(js|css)$/.test(f));
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    const gzipped = files.reduce((sum, f) => sum + gzipSync(readFileSync(`${ASSETS}${f}`), { level: 9 }).length, 0);
    expect(gzipped).toBeLessThan(100 * 1024);
  });
});
