/**
 * The sweep spec (YAML) as a zod schema. Messages are written for a person reading a failed
 * `gnnc sweep plan`: each says what was found and what was expected; the path is added by parse.ts.
 */
import { z } from 'zod';

export const QUANT_MODES = ['ste-abs', 'ste-mom', 'ste-per', 'gc-abs', 'gc-mom', 'gc-per'] as const;
export const TASKS = ['node', 'link', 'graph'] as const;

const name = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i, 'expected letters, digits, ".", "_" or "-"');

/** a list with at least one member and no repeats; a repeat names the earlier index */
function distinctList<T extends z.ZodTypeAny>(item: T) {
  return z
    .array(item)
    .min(1, 'expected at least one value')
    .superRefine((values, ctx) => {
      const seen = new Map<string, number>();
      values.forEach((v, i) => {
        const key = JSON.stringify(v);
        const first = seen.get(key);
        if (first !== undefined)
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i], message: `${key} duplicates [${first}]` });
        else seen.set(key, i);
      });
    });
}

const sparsity = z.number({ invalid_type_error: 'expected a number in [0, 1)' }).refine(
  (v) => v >= 0 && v < 1,
  (v) => ({ message: `${v} is not in [0, 1)` }),
);
const rate = z.number({ invalid_type_error: 'expected a non-negative number' }).refine(
  (v) => Number.isFinite(v) && v >= 0,
  (v) => ({ message: `${v} is not a finite number ≥ 0` }),
);
const rounds = z.number({ invalid_type_error: 'expected a positive integer' }).refine(
  (v) => Number.isInteger(v) && v >= 1 && v <= 50,
  (v) => ({ message: `${v} is not an integer in [1, 50]` }),
);
const bits = z.number({ invalid_type_error: 'expected 4 or 8' }).refine(
  (v) => v === 4 || v === 8,
  (v) => ({ message: `${v} is not one of 4, 8` }),
);
const mode = z.string().refine(
  (v) => (QUANT_MODES as readonly string[]).includes(v),
  (v) => ({ message: `'${v}' is not one of ${QUANT_MODES.join(', ')}` }),
);

/**
 * Levels of one method. At most one of sparsity / rate / level becomes MethodSpec.level (lottery's
 * level is its final sparsity); bits × mode × rounds are crossed with it.
 */
export const methodLevelsSchema = z
  .object({
    sparsity: distinctList(sparsity).optional(),
    rate: distinctList(rate).optional(),
    rounds: distinctList(rounds).optional(),
    level: distinctList(z.number().finite()).optional(),
    bits: distinctList(bits).optional(),
    mode: distinctList(mode).optional(),
    /** fine-tune after pruning with masks fixed @default true (the method decides) */
    finetune: z.boolean().optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    const levelKeys = (['sparsity', 'rate', 'level'] as const).filter((k) => m[k] !== undefined);
    if (levelKeys.length > 1)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `give one of ${levelKeys.join(', ')}, not ${levelKeys.length}`,
      });
  });
export type MethodLevels = z.infer<typeof methodLevelsSchema>;

const overridesSchema = z.record(z.string(), z.unknown());

export const gridEntrySchema = z
  .object({
    model: name,
    dataset: name,
    task: z.enum(TASKS, { errorMap: () => ({ message: `expected one of ${TASKS.join(', ')}` }) }),
    /** preset name for this entry @default the spec's preset */
    preset: name.optional(),
    /** training fields overriding the preset for this entry (merged over the spec's overrides) */
    overrides: overridesSchema.optional(),
    /** seeds for this entry @default the spec's seeds */
    seeds: distinctList(z.number().int().nonnegative()).optional(),
    methods: z
      .record(name, methodLevelsSchema.nullable())
      .refine((m) => Object.keys(m).length > 0, 'expected at least one method'),
  })
  .strict();
export type GridEntry = z.infer<typeof gridEntrySchema>;

const matchValue = z.union([name, z.array(name).min(1)]);
export const poolRuleSchema = z
  .object({
    pool: name,
    match: z
      .object({ model: matchValue, dataset: matchValue, task: matchValue, method: matchValue })
      .partial()
      .strict(),
  })
  .strict();

const duration = z.union([
  z.number().positive(),
  z.string().regex(/^\d+(\.\d+)?(ms|s|m|h)$/, 'expected a duration like 90s, 5m, 2h'),
]);

export const storeConfigSchema = z.union([
  z.object({ kind: z.literal('file'), path: z.string().min(1) }).strict(),
  z
    .object({
      kind: z.literal('s3'),
      bucket: z.string().min(1),
      prefix: z.string().optional(),
      endpoint: z.string().url().optional(),
      region: z.string().optional(),
    })
    .strict(),
]);

export const sweepSpecSchema = z
  .object({
    name,
    description: z.string().optional(),
    seeds: distinctList(
      z.number({ invalid_type_error: 'expected an integer seed' }).int('expected an integer seed').nonnegative(),
    ),
    /** training preset for every grid entry @default 'default' */
    preset: name.default('default'),
    overrides: overridesSchema.optional(),
    grid: z.array(gridEntrySchema).min(1, 'expected at least one grid entry (the grid is empty)'),
    pools: z
      .object({ default: name.default('cpu'), rules: z.array(poolRuleSchema).default([]) })
      .strict()
      .default({}),
    inFlight: z
      .object({
        /** base-model groups running at once @default 4 */
        groups: z.number().int().min(1).default(4),
        /** cells of one group running at once @default 4 */
        cellsPerGroup: z.number().int().min(1).default(4),
      })
      .strict()
      .default({}),
    execution: z
      .object({
        /** training checkpoint every N epochs @default 10 */
        checkpointEvery: z.number().int().min(1).default(10),
        heartbeatTimeout: duration.default('2m'),
        cellTimeout: duration.default('6h'),
        /** attempts per activity, retries are for infrastructure faults @default 3 */
        maxAttempts: z.number().int().min(1).max(20).default(3),
        /** continue-as-new after this many history events @default 8000 */
        historyLimit: z.number().int().min(200).max(40000).default(8000),
      })
      .strict()
      .default({}),
    store: storeConfigSchema.optional(),
  })
  .strict();

export type SweepSpecInput = z.input<typeof sweepSpecSchema>;
export type SweepSpec = z.output<typeof sweepSpecSchema>;
export type StoreConfig = z.infer<typeof storeConfigSchema>;
