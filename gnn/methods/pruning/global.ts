/**
 * `global`: one magnitude threshold across all prunable tensors — torch's global_unstructured.
 * The model as a whole ends at the requested sparsity; each layer ends wherever its magnitudes put it
 * (the paper's Figure 2).
 */
import { methodRegistry } from '../types';
import { magnitudeMethod } from './magnitude-method';
import { globalMagnitudeMasks } from './masks';

export const globalPruning = methodRegistry.register('global', magnitudeMethod('global', '1', globalMagnitudeMasks));
