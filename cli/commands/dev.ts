import type { Command } from 'commander';

/** `gnnc dev`: placeholder until its room lands; fails loudly rather than pretending. */
export function registerDevCommand(program: Command): void {
  program
    .command('dev')
    .description('(not built yet)')
    .action(() => {
      throw new Error('gnnc dev is not built yet');
    });
}
