/**
 * The TrainConfig schema: presets and overrides are merged, then validated here once, so a bad
 * override (`--epochs -3`, `lrDecay: "x"`) fails before any data is loaded, naming the field.
 */
import { z } from 'zod';
import { InvalidInputError } from '../../core/errors';
import type { TrainConfig } from '../types';

const nonNegInt = z.number().int().nonnegative();

export const trainConfigSchema = z
  .object({
    epochs: nonNegInt,
    lr: z.number().positive().finite(),
    weightDecay: z.number().nonnegative().finite(),
    batchSize: z.number().int().positive(),
    patience: nonNegInt,
    lrStep: nonNegInt,
    lrDecay: z.number().positive().finite(),
    clipNorm: z.number().nonnegative().finite(),
    optimizer: z.enum(['adam', 'adamw']),
    split: z.string().min(1),
    fold: nonNegInt,
    model: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  })
  .strict();

/** Validates a merged config; InvalidInputError names the first bad field (`config.lr`). */
export function validateTrainConfig(c: unknown): TrainConfig {
  const r = trainConfigSchema.safeParse(c);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new InvalidInputError(issue.message, ['config', ...issue.path.map(String)].join('.'));
}
