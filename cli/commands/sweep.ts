import type { Command } from 'commander';

/** `gnnc sweep`: placeholder until its room lands; fails loudly rather than pretending. */
export function registerSweepCommand(program: Command): void {
  program
    .command('sweep')
    .description('(not built yet)')
    .action(() => {
      throw new Error('gnnc sweep is not built yet');
    });
}
