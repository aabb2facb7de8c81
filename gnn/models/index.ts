/** Imports every model file so each registers itself in `modelRegistry`. */
import './gcn';
import './spline';
import './gae';
import './ness';
import './hgpsl';
import './gin';
import './gnnnet';
