/**
 * Thrown when a model and the tensor names a pruning step is given disagree (a prunable name the
 * model lacks, a mask of the wrong size, an unsupported dtype): a bug in a model definition or a
 * method, never bad user input, so it is not among the non-retryable error names.
 */
export class TensorMismatchError extends Error {
  override readonly name = 'TensorMismatchError';
  constructor(
    readonly tensor: string,
    readonly detail: string,
  ) {
    super(`tensor '${tensor}': ${detail}`);
  }
}
