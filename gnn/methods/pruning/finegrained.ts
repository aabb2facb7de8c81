/**
 * `finegrained`: layer-wise magnitude pruning — every prunable tensor loses its own k = round(p·n)
 * smallest weights, so every layer ends at the requested sparsity.
 */
import { methodRegistry } from '../types';
import { magnitudeMethod } from './magnitude-method';
import { layerwiseMagnitudeMasks } from './masks';

export const finegrainedPruning = methodRegistry.register(
  'finegrained',
  magnitudeMethod('finegrained', '1', (values, names, p) => layerwiseMagnitudeMasks(values, names, p)),
);
