// Runs every program in examples/ with tsx, one after the other; fails on the first that fails.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const examples = readdirSync('examples')
  .filter((f) => f.endsWith('.ts'))
  .sort();
for (const file of examples) {
  console.log(`\n=== examples/${file} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `examples/${file}`], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`examples/${file} failed with exit code ${r.status}`);
    process.exit(1);
  }
}
console.log(`\n${examples.length} examples ran.`);
