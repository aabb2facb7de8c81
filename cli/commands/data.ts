import type { Command } from 'commander';

/** `gnnc data`: placeholder until its room lands; fails loudly rather than pretending. */
export function registerDataCommand(program: Command): void {
  program
    .command('data')
    .description('(not built yet)')
    .action(() => {
      throw new Error('gnnc data is not built yet');
    });
}
