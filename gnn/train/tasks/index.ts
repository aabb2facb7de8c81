/** Imports every task module so each registers itself in `taskRegistry`. */
import './node';
import './graph';
import './link';
