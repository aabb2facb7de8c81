import type { Command } from 'commander';

/** `gnnc report`: placeholder until its room lands; fails loudly rather than pretending. */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('(not built yet)')
    .action(() => {
      throw new Error('gnnc report is not built yet');
    });
}
