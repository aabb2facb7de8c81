/**
 * Presets for the link-prediction models (gae, ness on Cora) and HGP-SL (PROTEINS): `default` (what
 * the study runs) and `smoke` (3 epochs). Kept apart from presets.ts so the two model rooms do not edit
 * one file. presets.ts calls `registerLinkHgpslPresets(registerPresetPair)`; the register function is
 * passed in (type-only import) so this module never imports presets.ts at run time and no import
 * cycle can reach presets.ts's table before it exists.
 */
import type { registerPresetPair } from './presets';

/** Registers the gae/cora, ness/cora and hgpsl/proteins presets through `register`. */
export function registerLinkHgpslPresets(register: typeof registerPresetPair): void {
  register('gae', 'cora', {
    config: {
      epochs: 400,
      lr: 0.01,
      weightDecay: 0,
      optimizer: 'adam',
      patience: 0,
      split: 'random',
      model: { hidden: 32, out: 16, valRatio: 0.05, testRatio: 0.1 },
    },
    source:
      'METHODS.md "Link prediction on Cora" = PyG examples/autoencoder.py: RandomLinkSplit(val 0.05, test 0.1), NormalizeFeatures, Adam 0.01, 400 epochs',
  });

  register('ness', 'cora', {
    config: {
      epochs: 500,
      lr: 0.01,
      weightDecay: 0.01,
      optimizer: 'adamw',
      patience: 30,
      split: 'random',
      model: { hidden: 32, scale: 1.8, subgraphs: 4, edgeDropout: 0.2, valRatio: 0.05, testRatio: 0.15 },
    },
    source:
      'AstraZeneca/NESS config/cora.yaml: GNAE z_dim 32, 4 subgraphs, p_noise 0.2, AdamW lr 0.01 (torch default wd 0.01), ≤500 epochs; ' +
      'its early stopping (val AUC every 10 epochs, patience 3) as patience 30 on the per-epoch val AUC; RandomLinkSplit(val 0.05, test 0.15)',
  });

  register(
    'hgpsl',
    'proteins',
    {
      config: {
        epochs: 1000,
        lr: 0.001,
        weightDecay: 0.001,
        batchSize: 512,
        optimizer: 'adam',
        patience: 100,
        split: 'random',
        model: { hidden: 128, ratio: 0.5, dropout: 0, lambda: 1, hops: 4 },
      },
      source:
        'cszhangzhen/HGP-SL main.py: nhid 128, pooling 0.5, λ 1, sparse attention, sampled neighbourhoods, Adam lr 1e-3 wd 1e-3, ' +
        'batch 512, ≤1000 epochs, patience 100 on val loss, 80/10/10 split (stratified here); dropout 0: main.py sets 0.5 but its ' +
        'compute_test() leaves the model in eval mode after the first epoch, so the reference trains without dropout; ' +
        'candidate pairs within 4 hops, what the reference computes (A ∪ A² applied twice, as METHODS.md describes it, though it says 3); ' +
        'no measurable accuracy change: 10-fold CV (seed 0) 0.738 ± 0.036 against 0.732 ± 0.032 with 3 hops, paired difference +0.6 ± 0.9 points',
    },
    { batchSize: 512 },
  );
}
