/**
 * lib/bias — demographic skew and inherited-bias analysis. Pure functions on plain arrays: no
 * database, no tensors. May import lib/metrics (matrix, stats, classifiers) only.
 */
export { type DatasetCard, datasetCardSchema, listDatasetCards, loadDatasetCard } from "./cards";
export { type FairnessComparison, type FairnessResult, type GroupRate, groupFairness } from "./fairness";
export {
  analyseGroupPerformance,
  type GroupAccuracy,
  type GroupPerformanceInput,
  type GroupPerformanceResult,
} from "./group-performance";
export { intersectAttributes, type NamedAttribute } from "./groups";
export {
  analyseLabelAttribute,
  type CooccurrenceCell,
  type LabelAttributeInput,
  type LabelAttributeResult,
} from "./label-attribute";
export {
  analyseLeakage,
  type LeakageInput,
  type LeakageLayerInput,
  type LeakageLayerResult,
  type LeakageResult,
  type LeakageScore,
} from "./leakage";
export {
  analyseRepresentation,
  type PopulationReference,
  type RepresentationGroup,
  type RepresentationInput,
  type RepresentationResult,
} from "./representation";
export * as thresholds from "./thresholds";
export type { AttributeMeta, AttributeValues, CountShare, Estimate, TableTest } from "./types";
export {
  type BiasWarning,
  type Severity,
  type StoredBiasWarning,
  storedWarning,
  type WarningKind,
  type WarningsInput,
  warningCode,
  warningsFrom,
  warningTitle,
} from "./warnings";
