import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvCell, isFormulaLike, toCsv } from "./csv";

describe("csvCell: formula injection (OWASP CSV Injection)", () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ["+1+cmd|' /C calc'!A0", `"'+1+cmd|' /C calc'!A0"`],
    ["-2+3", `"'-2+3"`],
    ["@SUM(A1:A2)", `"'@SUM(A1:A2)"`],
    ["\t=1+1", `"'\t=1+1"`],
    ["\r=1+1", `"'\r=1+1"`],
    ["  =1+1", `"'  =1+1"`],
  ])("defuses %j", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it("leaves numbers and numeric strings alone (a negative number is not a formula)", () => {
    expect(csvCell(-3.5)).toBe("-3.5");
    expect(csvCell("-3.5")).toBe("-3.5");
    expect(csvCell("+4e-3")).toBe("+4e-3");
    expect(csvCell(0)).toBe("0");
    // Not a finite number: written as text, and neutralised as text.
    expect(csvCell(Number.NEGATIVE_INFINITY)).toBe(`"'-Infinity"`);
    expect(isFormulaLike("-1-1")).toBe(true);
  });

  it("quotes per RFC 4180 only where needed", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(true)).toBe("true");
    expect(csvCell(new Date(Date.UTC(2024, 0, 2)))).toBe("2024-01-02T00:00:00.000Z");
    expect(() => csvCell(new Date(Number.NaN))).toThrow(/invalid Date/);
  });

  it("round-trips through an independent RFC 4180 parser with the text kept", () => {
    const rows = [
      ["name", "note", "value"],
      ["=cmd", 'a "quoted", multi\nline', -1.25],
      ["@x", "", 7],
    ];
    const text = toCsv(rows);
    expect(text.endsWith("\r\n")).toBe(true);
    // csv-parse (a different implementation) reads back what we wrote; defused cells keep a leading '.
    expect(parse(text)).toEqual([
      ["name", "note", "value"],
      ["'=cmd", 'a "quoted", multi\nline', "-1.25"],
      ["'@x", "", "7"],
    ]);
  });

  it("refuses ragged rows, naming the row", () => {
    expect(() => toCsv([["a", "b"], ["c"]])).toThrow("toCsv: row 2 has 1 fields, the first row 2");
  });
});
