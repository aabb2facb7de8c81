import type { Command } from 'commander';

/** `gnnc worker`: placeholder until its room lands; fails loudly rather than pretending. */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('(not built yet)')
    .action(() => {
      throw new Error('gnnc worker is not built yet');
    });
}
