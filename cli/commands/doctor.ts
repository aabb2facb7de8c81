import type { Command } from 'commander';

/** `gnnc doctor`: placeholder until its room lands; fails loudly rather than pretending. */
export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('(not built yet)')
    .action(() => {
      throw new Error('gnnc doctor is not built yet');
    });
}
