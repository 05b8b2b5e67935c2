// Runs every benchmark in test/bench/ with tsx; each rewrites its own section of docs/benchmarks.md.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const benches = readdirSync('test/bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
for (const file of benches) {
  console.log(`\n=== test/bench/${file} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `test/bench/${file}`], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
