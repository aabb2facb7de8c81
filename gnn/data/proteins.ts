/**
 * PROTEINS in the TU text format (1-based ids). Node features: the one float attribute followed by a
 * one-hot of the node label (3 kinds) = 4, as PyG's TUDataset(use_node_attr=True) builds them.
 * Graph labels 1/2 become 0/1 (sorted distinct values → 0..C-1).
 */
import { DataFormatError } from '../../core/errors';
import { loadWithCache } from './cached-load';
import { GRAPH_CODEC } from './graph-pack';
import type { LoadedFile, LoadOptions } from './resolve';
import { PROTEINS_SOURCE } from './sources';
import { floatToken, intToken, textLines } from './text';
import type { GraphDataset, GraphItem } from './types';

const PROTEINS_PARSER_VERSION = 3;
const P = 'proteins/PROTEINS/PROTEINS_';

export async function loadProteins(opts: LoadOptions = {}): Promise<GraphDataset> {
  return loadWithCache(
    PROTEINS_SOURCE,
    PROTEINS_PARSER_VERSION,
    opts,
    (files) => {
      const f = (part: string) => files.get(`${P}${part}.txt`) as LoadedFile;
      return parseTu('proteins', {
        edges: f('A'),
        graphIndicator: f('graph_indicator'),
        graphLabels: f('graph_labels'),
        nodeLabels: f('node_labels'),
        nodeAttributes: f('node_attributes'),
      });
    },
    GRAPH_CODEC,
  );
}

export interface TuFiles {
  edges: LoadedFile;
  graphIndicator: LoadedFile;
  graphLabels: LoadedFile;
  nodeLabels: LoadedFile;
  nodeAttributes: LoadedFile;
}

/** Lines of a per-node file; a different count than graph_indicator means a cut or padded file. */
function perNodeLines(file: LoadedFile, numNodes: number): string[] {
  const lines = textLines(file);
  if (lines.length !== numNodes) {
    throw new DataFormatError(
      file.path,
      Math.min(lines.length, numNodes) + 1,
      `has ${lines.length} lines, expected ${numNodes} (one per node)`,
    );
  }
  return lines;
}

/** Parses a TU data set with node attributes and node labels; every defect names file and line. */
export function parseTu(name: 'proteins', files: TuFiles): GraphDataset {
  const gl = textLines(files.graphLabels).map((s, i) => intToken(s, files.graphLabels.path, i + 1, 'graph label'));
  const numGraphs = gl.length;
  const classes = [...new Set(gl)].sort((a, b) => a - b);
  const graphOf = textLines(files.graphIndicator).map((s, i) => {
    const g = intToken(s, files.graphIndicator.path, i + 1, 'graph id');
    if (g < 1 || g > numGraphs)
      throw new DataFormatError(files.graphIndicator.path, i + 1, `graph id ${g} out of range 1..${numGraphs}`);
    return g - 1;
  });
  const numNodes = graphOf.length;
  const start = new Int32Array(numGraphs + 1).fill(-1);
  graphOf.forEach((g, i) => {
    if (i > 0 && g < graphOf[i - 1])
      throw new DataFormatError(files.graphIndicator.path, i + 1, 'graph ids are not sorted');
    if (start[g] < 0) start[g] = i;
  });
  start[numGraphs] = numNodes;
  for (let g = numGraphs - 1; g >= 0; g--)
    if (start[g] < 0) throw new DataFormatError(files.graphIndicator.path, null, `graph ${g + 1} has no nodes`);
  const nl = perNodeLines(files.nodeLabels, numNodes).map((s, i) =>
    intToken(s, files.nodeLabels.path, i + 1, 'node label'),
  );
  nl.forEach((v, i) => {
    if (v < 0) throw new DataFormatError(files.nodeLabels.path, i + 1, `node label ${v} is negative`);
  });
  const numNodeLabels = Math.max(...nl) + 1;
  const attrLines = perNodeLines(files.nodeAttributes, numNodes);
  const numAttrs = attrLines[0].split(',').length;
  const numFeatures = numAttrs + numNodeLabels;
  const graphs: GraphItem[] = [];
  for (let g = 0; g < numGraphs; g++) {
    const n = start[g + 1] - start[g];
    graphs.push({
      numNodes: n,
      x: new Float32Array(n * numFeatures),
      numFeatures,
      src: new Int32Array(0),
      dst: new Int32Array(0),
      y: classes.indexOf(gl[g]),
    });
  }
  attrLines.forEach((line, i) => {
    const cols = line.split(',');
    if (cols.length !== numAttrs)
      throw new DataFormatError(files.nodeAttributes.path, i + 1, `expected ${numAttrs} values, got ${cols.length}`);
    const g = graphOf[i];
    const row = (i - start[g]) * numFeatures;
    cols.forEach((c, k) => (graphs[g].x[row + k] = floatToken(c, files.nodeAttributes.path, i + 1, 'node attribute')));
    graphs[g].x[row + numAttrs + nl[i]] = 1;
  });
  fillEdges(files.edges, graphOf, start, graphs);
  return { name, graphs, numFeatures, numAttributes: numAttrs, numClasses: classes.length };
}

/** Buckets `row, col` lines (1-based) into their graphs with local node indices. */
function fillEdges(file: LoadedFile, graphOf: number[], start: Int32Array, graphs: GraphItem[]): void {
  const numNodes = graphOf.length;
  const src: number[][] = graphs.map(() => []);
  const dst: number[][] = graphs.map(() => []);
  textLines(file).forEach((line, i) => {
    const cols = line.split(',');
    if (cols.length !== 2)
      throw new DataFormatError(file.path, i + 1, `expected 'row, col', got ${cols.length} columns`);
    const [a, b] = cols.map((c) => {
      const id = intToken(c, file.path, i + 1, 'node id');
      if (id < 1 || id > numNodes)
        throw new DataFormatError(file.path, i + 1, `node id ${id} out of range 1..${numNodes}`);
      return id - 1;
    });
    const g = graphOf[a];
    if (graphOf[b] !== g)
      throw new DataFormatError(
        file.path,
        i + 1,
        `edge ${a + 1}-${b + 1} crosses graphs ${g + 1} and ${graphOf[b] + 1}`,
      );
    src[g].push(a - start[g]);
    dst[g].push(b - start[g]);
  });
  graphs.forEach((gr, g) => {
    gr.src = Int32Array.from(src[g]);
    gr.dst = Int32Array.from(dst[g]);
  });
}
