/**
 * One sentence per term the report uses, shown as a tooltip (`title` and an accessible
 * description) wherever the term appears, so no jargon stands unexplained. Keys are the metric
 * names stored in metric_results and the bias finding fields; `label` is what a reader sees.
 */

export interface GlossaryEntry {
  label: string;
  /** One plain sentence: what the number says and which way is "more". */
  explain: string;
  /** Where the method comes from, for readers who want the paper. */
  source?: string;
}

export const GLOSSARY: Record<string, GlossaryEntry> = {
  // ---- shift between source and target embeddings ----------------------------------------------
  mmd2: {
    label: "MMD²",
    explain:
      "Maximum mean discrepancy: how far apart the source and target embeddings are as whole distributions; 0 means indistinguishable, and it is read against its permutation null.",
    source: "Gretton et al., JMLR 2012",
  },
  frechet: {
    label: "Fréchet distance",
    explain:
      "Distance between Gaussians fitted to the source and target embeddings (means and covariances); larger means more different, in the embedding's own units.",
    source: "Heusel et al., NeurIPS 2017",
  },
  coral: {
    label: "CORAL distance",
    explain:
      "How different the feature covariances of source and target are; 0 means identical second-order statistics.",
    source: "Sun & Saenko, ECCV 2016",
  },
  ks_pca: {
    label: "KS test on principal components",
    explain:
      "Kolmogorov–Smirnov tests on the top principal components, corrected for multiple testing; a small p-value means at least one direction differs.",
    source: "Rabanser et al., NeurIPS 2019",
  },
  bbsd: {
    label: "Black-box shift detection",
    explain:
      "Tests whether the source model's predicted class probabilities differ between source and target; a small p-value means the predictions shift.",
    source: "Lipton et al., ICML 2018",
  },
  pad: {
    label: "Proxy A-distance",
    explain:
      "2 × (1 − 2 × error) of a classifier trained to tell source from target: 0 means it cannot tell them apart, 2 means it always can.",
    source: "Ben-David et al., NeurIPS 2007",
  },
  domain_auc: {
    label: "Domain classifier AUC",
    explain:
      "How well a held-out classifier separates source from target samples: 0.5 is chance, 1 is perfect separation.",
  },
  // ---- transferability of the target features to the target labels ----------------------------
  linearProbeAccuracy: {
    label: "Linear-probe accuracy",
    explain:
      "Cross-validated accuracy of a linear classifier trained on the frozen features to predict the target labels: the most direct test of whether the features transfer.",
  },
  knnAccuracy: {
    label: "k-NN accuracy",
    explain:
      "Cross-validated accuracy of classifying each target sample by its nearest neighbours in feature space.",
  },
  logme: {
    label: "LogME",
    explain:
      "Average log evidence of a Bayesian linear model of the labels given the features; higher means the labels are easier to predict linearly.",
    source: "You et al., ICML 2021",
  },
  hScore: {
    label: "H-score",
    explain: "Ratio of between-class to total feature covariance; higher means classes are better separated.",
    source: "Bao et al., ICIP 2019",
  },
  transRate: {
    label: "TransRate",
    explain:
      "Mutual information between features and labels estimated by coding rate; higher means more label information in the features.",
    source: "Huang et al., ICML 2022",
  },
  gbc: {
    label: "GBC",
    explain:
      "Gaussian Bhattacharyya coefficient: overlap between per-class Gaussians in feature space; closer to 0 (less negative) means more overlap, so harder classes.",
    source: "Pándy et al., CVPR 2022",
  },
  leep: {
    label: "LEEP",
    explain:
      "Log expected empirical prediction: how well the source head's outputs predict the target labels; higher (closer to 0) is better.",
    source: "Nguyen et al., ICML 2020",
  },
  nce: {
    label: "NCE",
    explain:
      "Negative conditional entropy of target labels given the source head's hard predictions; higher (closer to 0) is better.",
    source: "Tran et al., ICCV 2019",
  },
  random: {
    label: "random-weights baseline",
    explain:
      "The same network with random, untrained weights: pretrained features only help if they beat it by more than the intervals.",
  },
  // ---- bias ------------------------------------------------------------------------------------
  tvd: {
    label: "Total variation distance",
    explain:
      "Half the sum of absolute differences between group shares in source and target: the share of people who would have to move group to make them equal.",
  },
  js: {
    label: "Jensen–Shannon divergence",
    explain:
      "A symmetric measure (0 to 1, base 2) of how different the two group distributions are; 0 means identical.",
  },
  representationRatio: {
    label: "Representation ratio",
    explain:
      "A group's share in the source divided by its share in the reference: 1 means equal, below 1 under-represented, above 1 over-represented.",
  },
  cooccurrence: {
    label: "Label × attribute ratio",
    explain:
      "A group's share among samples with a label divided by its share overall: far from 1 means the label and the group go together more (or less) than chance.",
  },
  spd: {
    label: "Statistical parity difference",
    explain:
      "Favourable-label rate of a group minus that of the reference group, on the dataset's own labels: 0 is parity.",
    source: "AIF360, Bellamy et al. 2018",
  },
  di: {
    label: "Disparate impact",
    explain:
      "Favourable-label rate of a group divided by that of the reference group: 1 is parity; below 0.8 fails the four-fifths rule.",
    source: "US EEOC four-fifths rule",
  },
  leakage: {
    label: "Attribute leakage",
    explain:
      "Balanced accuracy of predicting the attribute from a layer's embeddings, against chance (1 / number of groups): above chance means the features encode the attribute.",
    source: "Wang et al., ICCV 2019",
  },
  groupGap: {
    label: "Worst-group gap",
    explain:
      "Accuracy of the best group minus that of the worst group, for a linear probe on the target: 0 means every group is served equally.",
  },
  tooSmall: {
    label: "too small to judge",
    explain:
      "Fewer samples than the minimum group size: the counts are shown, but no conclusion is drawn from them.",
  },
  oov: {
    label: "outside the vocabulary",
    explain:
      "Words of a text that are not in the model's fixed word list: a bag-of-words model drops them, so the more of them, the less of the text the model sees.",
  },
  inferred: {
    label: "inferred attribute",
    explain:
      "The values were guessed by a model, not recorded about the people: treat them as that model's opinion.",
  },
  // ---- method and result terms -----------------------------------------------------------------
  ci: {
    label: "95 % CI",
    explain:
      "A 95 % confidence interval: the range of values consistent with the data; wide intervals mean small samples.",
  },
  pValue: {
    label: "p-value",
    explain:
      "How often a difference at least this large would appear by chance if there were none; read it only next to the size of the effect.",
  },
  splitLayer: {
    label: "split layer",
    explain:
      "The layer where the pretrained network is cut: everything up to it is reused, a new head is trained on its output.",
  },
  confidence: {
    label: "confidence",
    explain:
      "How clearly the measurements support the verdict, from the margins between the estimates and their intervals.",
  },
  pca: {
    label: "PCA",
    explain:
      "Principal component analysis: the 2-D view that keeps the most variance of the embeddings; distances are faithful but clusters may overlap.",
  },
  umap: {
    label: "UMAP",
    explain:
      "A non-linear 2-D map that keeps neighbourhoods: clusters are meaningful, distances between clusters are not.",
    source: "McInnes et al. 2018",
  },
  embedding: {
    label: "embedding",
    explain: "The vector of numbers a layer of the network produces for a sample: what the model 'sees'.",
  },
  farthest: {
    label: "distance to source",
    explain:
      "Euclidean distance in embedding space from a target sample to its nearest source sample, read against the median over all target samples.",
  },
};

/** Names the recommendation rule (lib/recommend) gives its evidence, mapped to the entries above. */
const ALIASES: Record<string, string> = {
  linear_probe_accuracy: "linearProbeAccuracy",
  knn_accuracy: "knnAccuracy",
  proxy_a_distance: "pad",
};

Object.assign(GLOSSARY, {
  probe_margin: {
    label: "probe margin",
    explain:
      "Linear-probe accuracy on the pretrained features minus that on random features of the same network: what pretraining adds.",
  },
  median_per_class: {
    label: "median samples per class",
    explain:
      "The typical number of labelled target samples per class: below about 50, a target counts as small.",
  },
  min_per_class: {
    label: "smallest class",
    explain: "Labelled target samples in the rarest class: the class the new head learns least about.",
  },
  chance_accuracy: {
    label: "chance accuracy",
    explain: "Accuracy of always guessing the most frequent class: any probe must beat it to mean anything.",
  },
} satisfies Record<string, GlossaryEntry>);

/** The glossary entry for a key, or a neutral entry so an unknown metric still renders. */
export function term(key: string): GlossaryEntry {
  return GLOSSARY[ALIASES[key] ?? key] ?? { label: key, explain: `${key}: no description yet.` };
}

/** Whether the glossary explains `key` (directly or through an alias). */
export function hasTerm(key: string): boolean {
  return (ALIASES[key] ?? key) in GLOSSARY;
}

/** What each verdict means for the reader who has to act on it. */
export const VERDICTS: Record<string, { title: string; meaning: string }> = {
  transfer: {
    title: "Transfer: freeze the features, train a new head",
    meaning:
      "The pretrained features already separate the target classes well and clearly better than random weights: reuse them as they are up to the split layer and train only a small classifier on top.",
  },
  fine_tune: {
    title: "Transfer, then fine-tune",
    meaning:
      "The pretrained features help, but the target differs enough from the source that the upper layers should be retrained on the target data, starting from the pretrained weights.",
  },
  from_scratch: {
    title: "Train from scratch",
    meaning:
      "The pretrained features do not beat random weights by a margin the data supports, or the domains are too far apart: reusing this model brings its biases without its benefit.",
  },
  small_different: {
    title: "Small target, different task",
    meaning:
      "Little labelled target data and a task unlike the source: cut at an earlier, more generic layer, regularise strongly, and collect more labelled data before trusting the result.",
  },
};
