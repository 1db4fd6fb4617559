/**
 * Plain input and result types shared by the bias analyses. Everything here is JSON-serialisable
 * so a job can store it and a page can render it.
 */

/** One categorical value per sample; `null` marks a missing value (counted and reported, never a group). */
export type AttributeValues = ReadonlyArray<string | null>;

/** Which attribute a finding is about, and whether its values were recorded or inferred. */
export interface AttributeMeta {
  /** Column / attribute name, e.g. "gender" or "gender × skin tone". */
  attribute: string;
  /**
   * The model that inferred the values when they were not recorded (e.g. "face-api age/gender
   * net"). Carried into every finding and warning sentence so a reader never mistakes a model's
   * guess about a person for a recorded fact.
   */
  inferredBy?: string;
}

/** A count out of n with its share and 95 % Wilson interval. */
export interface CountShare {
  count: number;
  n: number;
  share: number;
  lower: number;
  upper: number;
}

/** An estimate with a 95 % interval; a bound is null where it is undefined (a zero count in a ratio). */
export interface Estimate {
  estimate: number;
  lower: number | null;
  upper: number | null;
}

/** Result of a test of homogeneity / independence on a contingency table. */
export interface TableTest {
  method: "chi-square" | "fisher-2x2";
  /** Pearson X² (null for Fisher). */
  statistic: number | null;
  df: number | null;
  pValue: number;
  minExpected: number;
  cellsBelow5: number;
  /**
   * Set when a chi-square p-value is reported although some expected counts are below 5 (tables
   * larger than 2x2, where no exact test is run here): the p-value is then only approximate.
   */
  warning: string | null;
}
