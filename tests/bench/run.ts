// `npm run bench -- [name…]`: runs the named benchmarks (all when none is named) and prints
// one `key=value` line per figure. Ratios compare against a baseline measured in the same run,
// because absolute timings on shared machines are noise.
import { runBackupBench } from './backup-bench';
import { runDbBench } from './db-bench';
import { runLicenceBench } from './licence-bench';

const BENCHES: Record<string, () => Promise<void>> = { db: runDbBench, backup: runBackupBench, licence: runLicenceBench };

const requested = process.argv.slice(2);
const names = requested.length > 0 ? requested : Object.keys(BENCHES);
for (const name of names) {
  const bench = BENCHES[name];
  if (!bench) {
    process.stderr.write(`Unknown benchmark "${name}". Known: ${Object.keys(BENCHES).join(', ')}\n`);
    process.exit(2);
  }
  await bench();
}
