/**
 * The model registry. Each model file registers itself on import; gnn/models/index.ts imports them all,
 * so code that needs every model imports the index and code that needs the table alone imports this.
 */
import { Registry } from '../../core/registry';
import type { ModelDef } from './model-def';

export const modelRegistry = new Registry<ModelDef>('model');
