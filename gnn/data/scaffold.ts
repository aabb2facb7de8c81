/**
 * Bemis–Murcko scaffolds computed from ring membership (RDKit.js has no MurckoScaffold): keep ring
 * atoms, repeatedly strip non-ring atoms with at most one remaining neighbour (what is left are rings
 * and the linkers between them), then keep atoms double-bonded to a kept atom (exocyclic C=O), as
 * RDKit's MurckoDecompose does. Removed neighbours become hydrogens. The key is RDKit's canonical
 * isomeric SMILES of that sub-molecule (includeChirality=True, as OGB); acyclic molecules get ''.
 */
import type { MolView, RdJson } from './mol-view';
import type { RdkitModule } from './rdkit';

/** Which atoms belong to the Murcko scaffold. */
export function murckoKeep(m: MolView): boolean[] {
  const n = m.z.length;
  const alive = new Array<boolean>(n).fill(true);
  const deg = m.atomBonds.map((bs) => bs.length);
  const stack: number[] = [];
  for (let i = 0; i < n; i++) if (!m.inRing[i] && deg[i] <= 1) stack.push(i);
  while (stack.length) {
    const i = stack.pop() as number;
    if (!alive[i]) continue;
    alive[i] = false;
    for (const b of m.atomBonds[i]) {
      const j = m.bonds[b].a === i ? m.bonds[b].b : m.bonds[b].a;
      if (!alive[j]) continue;
      deg[j]--;
      if (!m.inRing[j] && deg[j] <= 1) stack.push(j);
    }
  }
  const keep = alive.slice();
  for (const b of m.bonds) {
    if (b.order !== 2 || b.aromatic) continue;
    if (alive[b.a] && !alive[b.b]) keep[b.b] = true;
    if (alive[b.b] && !alive[b.a]) keep[b.a] = true;
  }
  return keep;
}

/** The scaffold as an RDKit JSON molecule (Kekulé bonds; RDKit re-perceives aromaticity), or null if empty. */
export function scaffoldJson(m: MolView, keep: boolean[]): string | null {
  const index = new Map<number, number>();
  keep.forEach((k, i) => k && index.set(i, index.size));
  if (index.size === 0) return null;
  const hs = m.hs.slice();
  const bonds: { atoms: [number, number]; bo: number }[] = [];
  for (const b of m.bonds) {
    if (keep[b.a] && keep[b.b])
      bonds.push({ atoms: [index.get(b.a) as number, index.get(b.b) as number], bo: b.order });
    else if (keep[b.a]) hs[b.a] += b.order;
    else if (keep[b.b]) hs[b.b] += b.order;
  }
  const atoms = [...index.keys()].map((i) => ({
    z: m.z[i],
    impHs: hs[i],
    chg: m.chg[i],
    nRad: m.rad[i],
    stereo: m.chiral[i],
  }));
  const json: RdJson = {
    defaults: {
      atom: { z: 6, impHs: 0, chg: 0, nRad: 0, stereo: 'unspecified' },
      bond: { bo: 1, stereo: 'unspecified' },
    },
    molecules: [{ atoms, bonds }],
  };
  return JSON.stringify({ rdkitjson: { version: 12 }, ...json });
}

/** Canonical scaffold SMILES; falls back to the raw JSON text when RDKit rejects the fragment. */
export function murckoScaffold(rd: RdkitModule, m: MolView): string {
  const json = scaffoldJson(m, murckoKeep(m));
  if (json === null) return '';
  const mol = rd.get_mol(json);
  try {
    return mol && mol.is_valid() ? mol.get_smiles() : `json:${json}`;
  } finally {
    mol?.delete();
  }
}
