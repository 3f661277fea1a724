// `npm start` runs this first: it builds only when a source is newer than the last build, so a
// current build starts in a second instead of re-running tsc. Plain JS: it runs before anything is compiled.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['src', 'migrations', 'scripts', 'bench', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
/** Written after each successful build (tsc's own .tsbuildinfo is not rewritten when nothing changed). */
const STAMP = 'dist/.built';

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return /\.(ts|tsx|json|css|html)$/.test(path) ? stat.mtimeMs : 0;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
if (built > 0 && Math.max(...SOURCES.map(newest)) <= built) {
  console.error('Build is current; not rebuilding');
} else {
  const started = new Date();
  // The whole build: the service (tsc) and the console (vite).
  execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
  // Stamped with the start time, so a file saved during the build still counts as newer.
  writeFileSync(STAMP, started.toISOString());
  utimesSync(STAMP, started, started);
}
