// `bash bench/run.sh codec`: scenario 5 (codec throughput) alone. It needs no servers, so the
// stack is not started and bench/results.md is left as the last full run wrote it; the table
// and details are printed, and written to bench/out/results-codec.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBenchConfig } from './config.ts';
import { Report } from './lib/report.ts';
import { codec } from './scenarios/codec.ts';
import type { BenchContext } from './scenarios/context.ts';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(benchDir, 'out');
const started = performance.now();
const ctx: BenchContext = {
  config: loadBenchConfig(),
  report: new Report(),
  runDir: outDir,
  cacheDir: outDir,
  logDir: outDir,
  runId: Date.now().toString(36),
  collection: (name) => name,
  log: (message) => console.log(`[bench] ${((performance.now() - started) / 1000).toFixed(0).padStart(4)}s ${message}`),
};
ctx.log(`scenario 5: ${codec.title}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
await codec.run?.(ctx);
const results = [
  '# Benchmark results: scenario 5 alone',
  '',
  `Written by \`bash bench/run.sh codec\`; ${new Date().toISOString()}; ${os.cpus().length} CPUs; node ${process.version}; ` +
    `load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}.`,
  '',
  ctx.report.markdownTable(),
  '',
  ctx.report.markdownDetails(),
].join('\n');
console.log(`\n${ctx.report.text()}\n\n${ctx.report.markdownDetails()}`);
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'results-codec.md'), results);
process.exitCode = ctx.report.rows.some((r) => r.verdict === 'error') ? 1 : 0;
