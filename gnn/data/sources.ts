/**
 * Where each data set's files come from and what their bytes must hash to. The sha256 values are
 * typed in from the data folder's SHA256SUMS, so a changed or truncated file is caught on first load
 * rather than turning into a silently different graph.
 */

/** One file a loader reads, named by its path relative to the data folder. */
export interface SourceFile {
  /** path relative to the data folder, e.g. `cora/linqs/cora.content` */
  path: string;
  sha256: string;
  /** public URL of the same bytes (unused when the file comes from an archive) */
  url?: string;
}

/** A zip archive that holds some of a data set's files; fetched when a mirror or public URL is needed. */
export interface SourceArchive {
  /** path of the archive relative to the data folder (also its path on a mirror) */
  path: string;
  sha256: string;
  url: string;
  /** the member whose base name matches a file's base name is extracted to that file */
}

export interface DatasetSource {
  name: string;
  files: SourceFile[];
  /** when present, files without a `url` are extracted from this archive */
  archive?: SourceArchive;
}

const PYGCN = 'https://raw.githubusercontent.com/tkipf/pygcn/1600b5b748b3976413d1e307540ccc62605b4d6d/data/cora';
const PLANETOID = 'https://raw.githubusercontent.com/kimiyoung/planetoid/af6abf468a772cc055bec88c52e4d6f51b7c37e3/data';

/** The Planetoid pickles behind the public split (x and y are allx[:140], ally[:140] and unused). */
export const PLANETOID_FILES: SourceFile[] = [
  ['tx', 'b9afbaa4a400df991f6f02ef677e1e44da55ffc04801fd02f9e673987829226a'],
  ['allx', '9419ba2f26f5c35243db64aba110e0f35a04851609e0dc5433450676ca6b8543'],
  ['ty', '41f5ac76596a1699cc33f53084a2419e92961c42bb75f36fc38e616d348532ad'],
  ['ally', '2b998f5cc7fedc86e7f97ca2498f47a1ffc1462c29e2d578b23bf3f62b6e7d71'],
  ['graph', '58f13302f39dde8852dad6fe6d15b89b077b6d7f837626bce671ef80344b383d'],
  ['test.index', '297ce89af2b51a6a194181c7dbe1796c6a1cf9cd9349a88383b1b1e227867875'],
].map(([ext, sha256]) => ({ path: `cora/planetoid/ind.cora.${ext}`, sha256, url: `${PLANETOID}/ind.cora.${ext}` }));

/** LINQS text files only: graph, features, labels. */
export const CORA_LINQS_SOURCE: DatasetSource = {
  name: 'cora-linqs',
  files: [
    {
      path: 'cora/linqs/cora.content',
      sha256: 'b8ebed0fd45e53995abafd1b70cf6a9fcc8f86abc5826d69b97fe6ca46e9c8ee',
      url: `${PYGCN}/cora.content`,
    },
    {
      path: 'cora/linqs/cora.cites',
      sha256: 'ec1a372391b7f0f60a6aff0084e8abd8f19f0faa7e1f2441a41c492042d5945e',
      url: `${PYGCN}/cora.cites`,
    },
  ],
};

/** LINQS text files plus the Planetoid pickles (public split). */
export const CORA_SOURCE: DatasetSource = { name: 'cora', files: [...CORA_LINQS_SOURCE.files, ...PLANETOID_FILES] };

export const PROTEINS_SOURCE: DatasetSource = {
  name: 'proteins',
  files: [
    ['A', '4c4b33e272fc95cac6d27ed6d5d12b9a852c8610e91fff59f8f0dbdd5a20df67'],
    ['graph_indicator', '8d4ff1e852a5c28561e9bffb44cf9490bc552b13a3b6156dd12dc7f44e9afc4a'],
    ['graph_labels', 'c0ef9810c440775252872318d0c8adc385588e14bc4c47a2c34aa96ee3c7cdcd'],
    ['node_labels', 'f758e8ad3d6e3c026b50833d75f6f90735b94eb3345e4243707f495ca8afea8d'],
    ['node_attributes', '54eef829abb37e458a5fbf3a3c581e48e5810e220463c2cd951856b9ceb08f07'],
  ].map(([part, sha256]) => ({ path: `proteins/PROTEINS/PROTEINS_${part}.txt`, sha256 })),
  archive: {
    path: 'proteins/_archives/PROTEINS.zip',
    sha256: 'fe9d19741637486ea1fd285bf669fce0b117e10b03cdd379f6a5e6197fc830ae',
    url: 'https://www.chrsmrrss.com/datasets/PROTEINS.zip',
  },
};

export const BBBP_SOURCE: DatasetSource = {
  name: 'bbbp',
  files: [
    {
      path: 'bbbp/BBBP.csv',
      sha256: 'd07a38487aeac5cee5508413e468043ef3097451d2a112701c2d60be9ec6b662',
      url: 'https://deepchemdata.s3-us-west-1.amazonaws.com/datasets/BBBP.csv',
    },
  ],
};
