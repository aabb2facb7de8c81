/** Registers the quantisation methods: fp32 (baseline), qat, dq (Degree-Quant) and a2q. */
export { fp32Method } from './fp32';
export { qatMethod, dqMethod } from './int-methods';
export { a2qMethod } from './a2q';
