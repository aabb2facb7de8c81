/** Imports every method family so each registers itself in `methodRegistry`; one line per family. */
import './pruning';
import './quant';
import './none';
