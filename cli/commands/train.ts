import type { Command } from 'commander';

/** `gnnc train`: placeholder until its room lands; fails loudly rather than pretending. */
export function registerTrainCommand(program: Command): void {
  program
    .command('train')
    .description('(not built yet)')
    .action(() => {
      throw new Error('gnnc train is not built yet');
    });
}
