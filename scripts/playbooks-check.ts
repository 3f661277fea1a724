/**
 * `npm run playbooks:check [dir]`: proves every playbook can run before it ships.
 * Prints one line per problem and exits non-zero when there is any.
 */
import { loadPlaybooks, PLAYBOOKS_DIR } from '../src/playbooks/playbook.loader.js';

const dir = process.argv[2] ?? PLAYBOOKS_DIR;
const { playbooks, problems } = loadPlaybooks(dir);
if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  console.error(`playbooks:check: ${problems.length} problem(s) in ${dir}`);
  process.exit(1);
}
for (const p of playbooks) console.log(`ok ${p.definition.id} v${p.definition.version} ${p.hash.slice(0, 12)}`);
