/**
 * OGB `smiles2graph` features from RDKit.js's JSON (commonchem) output. RDKit.js exposes atomic number,
 * charge, H count, radicals, chirality tag, aromaticity, rings, bond orders, cis/trans stereo and CIP
 * ranks; it does not expose hybridisation (taken from SMARTS `[^n]` matches by the caller) nor bond
 * conjugation, which is recomputed here with RDKit's rule (ConjugHybrid.cpp: aromatic bonds, plus
 * multiple bonds next to a 2–3-coordinated conjugation candidate), for the elements in PERIODIC.
 */

import type { MolView } from './mol-view';

/** Cardinalities of the 9 atom features (OGB get_atom_feature_dims). */
export const ATOM_FEATURE_DIMS = [119, 5, 12, 12, 10, 6, 6, 2, 2];
/** Cardinalities of the 3 bond features (OGB get_bond_feature_dims). */
export const BOND_FEATURE_DIMS = [5, 6, 2];

/** [default valence, outer-shell electrons] as in RDKit's periodic table, for common organic elements. */
const PERIODIC: Record<number, [number, number]> = {
  1: [1, 1],
  3: [1, 1],
  5: [3, 3],
  6: [4, 4],
  7: [3, 5],
  8: [2, 6],
  9: [1, 7],
  11: [1, 1],
  12: [2, 2],
  14: [4, 4],
  15: [3, 5],
  16: [2, 6],
  17: [1, 7],
  19: [1, 1],
  20: [2, 2],
  33: [3, 5],
  34: [2, 6],
  35: [1, 7],
  53: [1, 7],
};

const valenceContrib = (b: MolView['bonds'][number]): number => (b.aromatic ? 1.5 : b.order);

/** RDKit's MolOps::countAtomElec, reduced to what conjugation needs (is it > 0). */
function countAtomElec(m: MolView, i: number): number {
  const p = PERIODIC[m.z[i]];
  if (!p || p[0] <= 1) return -1;
  const degree = m.atomBonds[i].filter((b) => Math.round(valenceContrib(m.bonds[b])) !== 0).length + m.hs[i];
  if (degree > 3) return -1;
  const nlp = Math.max(p[1] - p[0] - m.chg[i], 0);
  return p[0] - degree + nlp - m.rad[i];
}

function isConjugCandidate(m: MolView, i: number): boolean {
  const outer = PERIODIC[m.z[i]]?.[1] ?? 0;
  const totalDegree = m.atomBonds[i].length + m.hs[i];
  const rowOk = m.z[i] <= 10 || (outer !== 5 && outer !== 6) || (outer === 6 && totalDegree < 2);
  return rowOk && countAtomElec(m, i) > 0;
}

/** Per-bond conjugation flags following RDKit's setConjugation. */
export function conjugation(m: MolView): boolean[] {
  const conj = m.bonds.map((b) => b.aromatic);
  m.z.forEach((_z, i) => {
    if (!isConjugCandidate(m, i)) return;
    const sbo = m.atomBonds[i].length + m.hs[i];
    if (sbo < 2 || sbo > 3) return;
    for (const b1 of m.atomBonds[i]) {
      if (valenceContrib(m.bonds[b1]) < 1.5) continue;
      for (const b2 of m.atomBonds[i]) {
        if (b1 === b2) continue;
        const other = m.bonds[b2].a === i ? m.bonds[b2].b : m.bonds[b2].a;
        if (m.atomBonds[other].length + m.hs[other] > 3) continue;
        if (isConjugCandidate(m, other)) conj[b1] = conj[b2] = true;
      }
    }
  });
  return conj;
}

/** OGB stereo index: cis/trans from the JSON turned into Z/E with the CIP ranks (legacy RDKit gave E/Z). */
function stereoIndex(m: MolView, bi: number): number {
  const b = m.bonds[bi];
  if (b.stereo === 'either') return 5;
  if ((b.stereo !== 'cis' && b.stereo !== 'trans') || !b.stereoAtoms) return 0;
  let flips = 0;
  for (const [end, other, ref] of [
    [b.a, b.b, b.stereoAtoms[0]],
    [b.b, b.a, b.stereoAtoms[1]],
  ]) {
    const subs = m.atomBonds[end]
      .map((x) => (m.bonds[x].a === end ? m.bonds[x].b : m.bonds[x].a))
      .filter((x) => x !== other);
    const best = subs.reduce((p, q) => ((m.cipRanks[q] ?? 0) > (m.cipRanks[p] ?? 0) ? q : p), subs[0]);
    if (best !== ref) flips++;
  }
  const sameSide = (b.stereo === 'cis') === (flips % 2 === 0);
  return sameSide ? 1 : 2;
}

const clampIndex = (v: number, lo: number, size: number): number =>
  v - lo >= 0 && v - lo < size - 1 ? v - lo : size - 1;
const CHIRAL: Record<string, number> = { unspecified: 0, cw: 1, ccw: 2, other: 3 };

/** Atom features (n × 9) and directed bond features (2m × 3) with both directions, as OGB orders them. */
export function featurise(
  m: MolView,
  hybrid: number[],
): { x: Float32Array; src: Int32Array; dst: Int32Array; edgeAttr: Float32Array } {
  const n = m.z.length;
  const x = new Float32Array(n * 9);
  for (let i = 0; i < n; i++) {
    const row = [
      clampIndex(m.z[i], 1, 119),
      CHIRAL[m.chiral[i]] ?? 4,
      clampIndex(m.atomBonds[i].length, 0, 12),
      clampIndex(m.chg[i], -5, 12),
      clampIndex(m.hs[i], 0, 10),
      clampIndex(m.rad[i], 0, 6),
      hybrid[i],
      m.aromaticAtom[i] ? 1 : 0,
      m.inRing[i] ? 1 : 0,
    ];
    x.set(row, i * 9);
  }
  const conj = conjugation(m);
  const e = m.bonds.length;
  const src = new Int32Array(2 * e);
  const dst = new Int32Array(2 * e);
  const edgeAttr = new Float32Array(2 * e * 3);
  m.bonds.forEach((b, k) => {
    const type = b.aromatic ? 3 : b.order >= 1 && b.order <= 3 ? b.order - 1 : 4;
    const f = [type, stereoIndex(m, k), conj[k] ? 1 : 0];
    src[2 * k] = b.a;
    dst[2 * k] = b.b;
    src[2 * k + 1] = b.b;
    dst[2 * k + 1] = b.a;
    edgeAttr.set(f, 6 * k);
    edgeAttr.set(f, 6 * k + 3);
  });
  return { x, src, dst, edgeAttr };
}
