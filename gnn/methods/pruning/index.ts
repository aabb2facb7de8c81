/** Registers the pruning-family methods (global, finegrained, l2, lottery) in `methodRegistry`. */
import './global';
import './finegrained';
import './l2';
import './lottery';

export { decodeSparseModel, encodeSparseModel } from './sparse-format';
export { validateMethodSpec } from './validate';
