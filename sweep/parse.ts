/**
 * Text → validated SweepSpec. Every problem is reported with the path of the field that holds it
 * (`grid[2].methods.global.sparsity[3]: 1.2 is not in [0, 1)`), all at once, before any work starts.
 */
import { parseDocument } from 'yaml';
import type { ZodIssue } from 'zod';
import { InvalidInputError } from '../core/errors';
import { sweepSpecSchema, type SweepSpec } from './spec-schema';

export interface SpecIssue {
  /** dotted path of the offending field, '' for the whole document */
  path: string;
  message: string;
}

/** Thrown when a sweep spec is invalid; `issues` lists every problem found, the message shows them all. */
export class SpecError extends InvalidInputError {
  /** path of the first problem */
  override readonly field: string | undefined;

  constructor(
    readonly source: string,
    readonly issues: SpecIssue[],
  ) {
    super(
      `invalid sweep spec ${source}:\n${issues.map((i) => `  ${i.path ? `${i.path}: ` : ''}${i.message}`).join('\n')}`,
    );
    this.field = issues[0]?.path || undefined;
  }
}

/** ['grid', 2, 'methods', 'global', 'sparsity', 3] → 'grid[2].methods.global.sparsity[3]' */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${p}` : p), '');
}

function zodIssueToSpecIssue(issue: ZodIssue, input: unknown): SpecIssue {
  const path = formatPath(issue.path);
  if (issue.code === 'invalid_type' && issue.received === 'undefined')
    return { path, message: `missing; expected ${issue.expected}` };
  if (issue.code === 'unrecognized_keys')
    return {
      path,
      message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`,
    };
  if (issue.code === 'invalid_type')
    return {
      path,
      message: `${JSON.stringify(valueAt(input, issue.path))} is not ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`,
    };
  return { path, message: issue.message };
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let cur = root;
  for (const p of path)
    cur = cur !== null && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[p] : undefined;
  return cur;
}

/** Parse YAML (or JSON) text. @param source file name used in messages */
export function parseSpecText(text: string, source = 'spec'): SweepSpec {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new SpecError(
      source,
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return {
          path: pos ? `line ${pos.line}, column ${pos.col}` : '',
          message: `YAML syntax error: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
        };
      }),
    );
  }
  return validateSpecObject(doc.toJS(), source);
}

/** Validate an already-parsed object (a validation activity gets the spec as JSON). */
export function validateSpecObject(input: unknown, source = 'spec'): SweepSpec {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    throw new SpecError(source, [{ path: '', message: 'expected a mapping with name, seeds and grid' }]);
  const parsed = sweepSpecSchema.safeParse(input);
  if (!parsed.success)
    throw new SpecError(
      source,
      parsed.error.issues.map((i) => zodIssueToSpecIssue(i, input)),
    );
  return parsed.data;
}
