/**
 * The homogeneity test used by the representation and co-occurrence analyses: Pearson chi-square,
 * replaced by Fisher's exact test for a 2x2 table with an expected count below 5, and reported with
 * a stated warning for larger tables with small expected counts (no exact r x c test is run).
 */
import { chiSquareTest, fisherExact2x2 } from "@/lib/metrics/stats/contingency";
import { MIN_EXPECTED } from "./thresholds";
import type { TableTest } from "./types";

/** Returns null (with the reason) when the table has fewer than 2 non-empty rows or columns. */
export function homogeneityTest(
  table: ReadonlyArray<ReadonlyArray<number>>,
): { test: TableTest; skipped: null } | { test: null; skipped: string } {
  const rows = table.filter((r) => r.some((v) => v > 0));
  const cols = table[0]?.map((_, j) => table.some((r) => r[j]! > 0)).filter(Boolean).length ?? 0;
  if (rows.length < 2 || cols < 2) {
    return {
      test: null,
      skipped: `no test: the table has ${rows.length} non-empty row(s) and ${cols} non-empty column(s); at least 2 of each are needed`,
    };
  }
  const chi = chiSquareTest(table);
  const base = { minExpected: chi.minExpected, cellsBelow5: chi.cellsBelow5 };
  if (chi.minExpected >= MIN_EXPECTED) {
    return {
      test: {
        method: "chi-square",
        statistic: chi.statistic,
        df: chi.df,
        pValue: chi.pValue,
        ...base,
        warning: null,
      },
      skipped: null,
    };
  }
  const reduced = chi.expected.length === 2 && chi.expected[0]!.length === 2;
  if (reduced) {
    const keepRows = table.flatMap((_, i) => (chi.droppedRows.includes(i) ? [] : [i]));
    const keepCols = table[0]!.flatMap((_, j) => (chi.droppedColumns.includes(j) ? [] : [j]));
    const cell = (i: number, j: number) => table[keepRows[i]!]![keepCols[j]!]!;
    const p = fisherExact2x2(cell(0, 0), cell(0, 1), cell(1, 0), cell(1, 1)).pValue;
    return {
      test: { method: "fisher-2x2", statistic: null, df: null, pValue: p, ...base, warning: null },
      skipped: null,
    };
  }
  return {
    test: {
      method: "chi-square",
      statistic: chi.statistic,
      df: chi.df,
      pValue: chi.pValue,
      ...base,
      warning:
        `${chi.cellsBelow5} of ${chi.expected.length * chi.expected[0]!.length} cells have an expected count below ` +
        `${MIN_EXPECTED} (smallest ${chi.minExpected.toFixed(2)}): the chi-square p-value is approximate ` +
        "(Cochran 1954); merge small groups or collect more data for a reliable test.",
    },
    skipped: null,
  };
}
