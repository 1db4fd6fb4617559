/**
 * Why an audit has no verdict, in plain words, for the report's recommendation card, the audit
 * lists and the Markdown export. The recommend stage (lib/audits/stages/recommend.ts) stores no
 * recommendation in two cases, told apart here by what the audit was given: the `features`
 * model (format "identity") passes the data through as it is, so there is no pretrained network
 * to transfer, fine-tune or replace; and no layer has both the pretrained and the
 * random-initialisation probe measured (for example a target without labels), which the
 * decision rule compares.
 */

export interface NoVerdictInput {
  status: string;
  verdict: string | null;
  /** The model's format; "identity" is the `features` model. Null when unknown. */
  modelFormat: string | null;
  /** Whether the target has a label column; null when unknown. */
  targetLabelled?: boolean | null;
  error?: string | null;
}

export interface NoVerdictReason {
  /** A few words for a table cell. */
  short: string;
  /** One or two sentences for the report. */
  long: string;
}

/** Null when the audit has a verdict. */
export function noVerdictReason(a: NoVerdictInput): NoVerdictReason | null {
  if (a.verdict) return null;
  if (a.status === "failed")
    return {
      short: "failed before a verdict",
      long: `The audit failed before it reached a verdict${a.error ? `: ${a.error}` : "."}`,
    };
  if (a.status !== "done")
    return {
      short: "pending",
      long: `No verdict yet: the audit is ${a.status}; it comes when the audit finishes.`,
    };
  if (a.modelFormat === "identity")
    return {
      short: "none: features used as given, no model to reuse",
      long:
        "No verdict, by design: this audit uses the features as given (the “features” model), so there is no " +
        "pretrained network whose layers could be transferred, fine-tuned or replaced by training from scratch. " +
        "The report still measures how the source and the target differ and which biases they carry.",
    };
  if (a.targetLabelled === false)
    return {
      short: "none: the target has no labels",
      long:
        "No verdict: the target has no labels, so how well the model's features predict them (transferability) " +
        "could not be measured, and the decision rests on that. Import the target with a label column to get one.",
    };
  return {
    short: "none: not enough measurements",
    long:
      "No verdict: no layer has both the pretrained features' and the randomly initialised copy's probe " +
      "accuracy, which the decision compares (too few labelled target samples, or a stage that did not finish; " +
      "the audit's log says which).",
  };
}
