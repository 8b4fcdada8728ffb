// `npm run bench -- [name…]`: runs the named benchmarks (all when none is named) and prints
// one `key=value` line per figure. Ratios compare against a baseline measured in the same run,
// because absolute timings on shared machines are noise.
//
// Each bench is loaded only when it runs, so one bench's resident memory does not include another's
// libraries (the licence bench's fastify and autocannon would otherwise count against `db.rss_mb`).
const BENCHES: Record<string, () => Promise<void>> = {
  db: async () => (await import('./db-bench')).runDbBench(),
  backup: async () => (await import('./backup-bench')).runBackupBench(),
  licence: async () => (await import('./licence-bench')).runLicenceBench(),
  publish: async () => (await import('./publish-bench')).runPublishBench(),
  reads: async () => (await import('./reads-bench')).runReadsBench(),
  assistant: async () => (await import('./assistant-bench')).runAssistantBench(),
  results: async () => (await import('./results-bench')).runResultsBench(),
  media: async () => (await import('./media-bench')).runMediaBench(),
};

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

export {};
