/**
 * Activity options of the sweep workflows: finite retries for infrastructure faults, permanent
 * failures (invalid input, bad data, bad artefacts) never retried.
 */
import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import { NON_RETRYABLE_ERRORS } from '../core/errors';
import type { ComputeActivities } from '../activities/types';
import type { ExecutionOptions } from '../sweep/plan-types';

/** how long a cell may wait on its base's host queue before falling back to the pool queue */
export const HOST_AFFINITY_WAIT_MS = 20_000;

export function computeActivities(
  queue: string,
  exec: ExecutionOptions,
  extra: Partial<ActivityOptions> = {},
): ComputeActivities {
  return proxyActivities<ComputeActivities>({
    taskQueue: queue,
    startToCloseTimeout: exec.cellTimeoutMs,
    heartbeatTimeout: exec.heartbeatTimeoutMs,
    retry: {
      maximumAttempts: exec.maxAttempts,
      initialInterval: '1s',
      backoffCoefficient: 2,
      maximumInterval: '30s',
      nonRetryableErrorTypes: NON_RETRYABLE_ERRORS,
    },
    ...extra,
  });
}

/** store look-ups: short, no heartbeat */
export function lookupActivities(queue: string, exec: ExecutionOptions): ComputeActivities {
  return proxyActivities<ComputeActivities>({
    taskQueue: queue,
    startToCloseTimeout: '2m',
    retry: {
      maximumAttempts: Math.max(exec.maxAttempts, 5),
      initialInterval: '1s',
      maximumInterval: '10s',
      nonRetryableErrorTypes: NON_RETRYABLE_ERRORS,
    },
  });
}
