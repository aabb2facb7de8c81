/** Imports every model file so each registers itself in `modelRegistry`. */
import './gcn';
import './spline';
