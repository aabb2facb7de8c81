/**
 * Named errors. Their `name` doubles as the Temporal non-retryable error type where the failure is
 * permanent (see workers' retry policies), so keep names stable.
 */

/** Thrown when user input (a spec, a flag, a config value, a data file) is invalid; never retried. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
  /** @param field dotted path of the offending field, e.g. `grid[2].methods.global.sparsity[3]` */
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(field ? `${field}: ${message}` : message);
  }
}

/** Thrown when a data file is malformed; names the file and line so a person can look. */
export class DataFormatError extends Error {
  override readonly name = 'DataFormatError';
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly detail: string,
  ) {
    super(`${file}${line !== null ? `:${line}` : ''}: ${detail}`);
  }
}

/** Thrown when a stored artefact (checkpoint, result) does not match what the reader expects. */
export class ArtefactError extends Error {
  override readonly name = 'ArtefactError';
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}

/** Error names that Temporal retry policies must treat as permanent. */
export const NON_RETRYABLE_ERRORS = ['InvalidInputError', 'DataFormatError', 'ArtefactError', 'UnknownNameError'];
