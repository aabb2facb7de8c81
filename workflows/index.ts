/** The workflow bundle's entry: every workflow the orchestrator worker registers. */
export { SweepWorkflow } from './sweep-workflow';
export { GroupWorkflow } from './group-workflow';
