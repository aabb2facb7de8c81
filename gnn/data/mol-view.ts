/** RDKit.js JSON (commonchem, `rdkitjson` v12) molecules, with defaults applied into a flat view. */

export interface RdAtom {
  z?: number;
  impHs?: number;
  chg?: number;
  nRad?: number;
  stereo?: string;
}
export interface RdBond {
  atoms: [number, number];
  bo?: number;
  stereo?: string;
  stereoAtoms?: [number, number];
}
export interface RdMol {
  atoms: RdAtom[];
  bonds?: RdBond[];
  extensions?: { aromaticAtoms?: number[]; aromaticBonds?: number[]; cipRanks?: number[]; atomRings?: number[][] }[];
}
export interface RdJson {
  defaults: { atom: Required<RdAtom>; bond: { bo: number; stereo: string } };
  molecules: RdMol[];
}

/** A molecule with defaults applied: what the featuriser and the scaffold code both need. */
export interface MolView {
  z: number[];
  hs: number[];
  chg: number[];
  rad: number[];
  chiral: string[];
  bonds: { a: number; b: number; order: number; aromatic: boolean; stereo: string; stereoAtoms?: [number, number] }[];
  aromaticAtom: boolean[];
  inRing: boolean[];
  cipRanks: number[];
  /** bond indices per atom */
  atomBonds: number[][];
}

export function molView(json: RdJson): MolView {
  const mol = json.molecules[0];
  const d = json.defaults;
  const ext = mol.extensions?.[0] ?? {};
  const n = mol.atoms.length;
  const aromaticBonds = new Set(ext.aromaticBonds ?? []);
  const inRing = new Array<boolean>(n).fill(false);
  for (const ring of ext.atomRings ?? []) for (const a of ring) inRing[a] = true;
  const aromaticAtom = new Array<boolean>(n).fill(false);
  for (const a of ext.aromaticAtoms ?? []) aromaticAtom[a] = true;
  const bonds = (mol.bonds ?? []).map((b, i) => ({
    a: b.atoms[0],
    b: b.atoms[1],
    order: b.bo ?? d.bond.bo,
    aromatic: aromaticBonds.has(i),
    stereo: b.stereo ?? d.bond.stereo,
    stereoAtoms: b.stereoAtoms,
  }));
  const atomBonds: number[][] = Array.from({ length: n }, () => []);
  bonds.forEach((b, i) => {
    atomBonds[b.a].push(i);
    atomBonds[b.b].push(i);
  });
  return {
    z: mol.atoms.map((a) => a.z ?? d.atom.z),
    hs: mol.atoms.map((a) => a.impHs ?? d.atom.impHs),
    chg: mol.atoms.map((a) => a.chg ?? d.atom.chg),
    rad: mol.atoms.map((a) => a.nRad ?? d.atom.nRad),
    chiral: mol.atoms.map((a) => a.stereo ?? d.atom.stereo),
    bonds,
    aromaticAtom,
    inRing,
    cipRanks: ext.cipRanks ?? [],
    atomBonds,
  };
}
