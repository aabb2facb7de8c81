/** Reads a sweep spec file and plans it against the lab's registries: what every CLI path starts with. */
import { readFileSync } from 'node:fs';
import { InvalidInputError } from '../core/errors';
import { loadLabCatalog } from '../activities/lab-catalog';
import { parseSpecText } from '../sweep/parse';
import { planSweep } from '../sweep/plan';
import type { SweepPlan } from '../sweep/plan-types';
import type { SweepSpec } from '../sweep/spec-schema';

export async function planFromFile(file: string): Promise<{ spec: SweepSpec; plan: SweepPlan }> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InvalidInputError(`cannot read sweep spec: ${(err as Error).message}`, file);
  }
  const spec = parseSpecText(text, file);
  return { spec, plan: planSweep(spec, loadLabCatalog(), file) };
}

/** true when the argument names a spec file rather than a sweep name */
export function looksLikeSpecFile(arg: string): boolean {
  return /\.(ya?ml|json)$/i.test(arg);
}
