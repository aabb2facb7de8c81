import type { Command } from 'commander';
import { InvalidInputError } from '../../core/errors';

const FORMATS = ['html', 'md', 'csv'] as const;

/** `gnnc report <sweep>`: the paper's tables and figures from a sweep's stored results. */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description(
      "turn a sweep's results (file store or S3) into the paper's tables and figures: index.html, tables.md, tables.csv",
    )
    .argument('<sweep>', 'sweep name (the `name` of its spec)')
    .option('--out <dir>', 'output folder (default: report-out/<sweep>)')
    .option('--format <list>', `comma-separated subset of ${FORMATS.join(', ')}`, FORMATS.join(','))
    .option('--json', 'print a JSON summary on stdout')
    .action(async (sweep: string, opts: { out?: string; format: string; json?: boolean }) => {
      const formats = opts.format.split(',').map((f) => f.trim());
      const bad = formats.filter((f) => !(FORMATS as readonly string[]).includes(f));
      if (bad.length) throw new InvalidInputError(`'${bad.join(',')}' is not one of ${FORMATS.join(', ')}`, '--format');
      // require, not import(): under bin/gnnc.js's CommonJS tsx hook import() cannot load a .ts path
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { loadConfig } = require('../../core/config') as typeof import('../../core/config');
      const { openStore } = require('../../store/open-store') as typeof import('../../store/open-store');
      const { buildReport } = require('../../report/build-report') as typeof import('../../report/build-report');
      /* eslint-enable @typescript-eslint/no-require-imports */
      const store = await openStore(loadConfig());
      const summary = await buildReport(store, sweep, {
        out: opts.out,
        formats: formats as (typeof FORMATS)[number][],
        log: (m) => process.stderr.write(`${m}\n`),
      });
      if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
      else {
        process.stdout.write(
          `report of sweep ${summary.sweep}: ${summary.withResults}/${summary.cells} cells with results, ${summary.tables.length} tables, ${summary.figures.length} figures\n`,
        );
        process.stdout.write(
          `${summary.comparisons} values compared with the paper, ${summary.insidePaperStd} inside its ± std\n`,
        );
        process.stdout.write(`open ${summary.out}/index.html\n`);
      }
    });
}
