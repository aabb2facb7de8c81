/**
 * `gnnc data`: check and inspect the data sets. `verify` loads each one (fetching and caching it if the
 * data folder lacks it) and exits non-zero when any statistic differs from the verified counts.
 */
import type { Command } from 'commander';

function table(rows: Record<string, unknown>[], keys: string[]): string {
  const cells = [keys, ...rows.map((r) => keys.map((k) => (r[k] === undefined ? '' : String(r[k]))))];
  const widths = keys.map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  return cells.map((c) => c.map((v, i) => v.padEnd(widths[i])).join('  ')).join('\n');
}

export function registerDataCommand(program: Command): void {
  const data = program.command('data').description('data sets: verify, list');
  data
    .command('verify')
    .description('load every data set and check its statistics against the verified counts')
    .option('--json', 'print JSON instead of a table')
    .option('--no-cache', 'ignore the parsed-data cache (re-verify checksums and re-parse)')
    .action(async (opts: { json?: boolean; cache: boolean }) => {
      // require, not import(): under bin/gnnc.js's CommonJS tsx hook import() cannot load a .ts path
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { verifyDatasets } = require('../../gnn/data/verify') as typeof import('../../gnn/data/verify');
      const report = await verifyDatasets({ cache: opts.cache });
      if (opts.json) process.stdout.write(JSON.stringify(report) + '\n');
      else {
        const keys = [
          'name',
          'ok',
          'graphs',
          'nodes',
          'edges',
          'features',
          'classes',
          'skipped',
          'train',
          'val',
          'test',
          'loadMs',
        ];
        process.stdout.write(table(report.datasets as unknown as Record<string, unknown>[], keys) + '\n');
        for (const d of report.datasets)
          for (const m of d.mismatches) process.stdout.write(`MISMATCH ${d.name}: ${m}\n`);
      }
      if (!report.ok) process.exitCode = 1;
    });
  data
    .command('list')
    .description('list the registered data sets')
    .action(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { datasets } = require('../../gnn/data/registry') as typeof import('../../gnn/data/registry');
      for (const name of datasets.names()) {
        const d = datasets.get(name);
        process.stdout.write(`${name.padEnd(10)} ${d.kind.padEnd(6)} ${d.description}\n`);
      }
    });
}
