import { describe, expect, it } from "vitest";
import { parseTextCsv } from "./csv";

const opts = { file: "t.csv" };

describe("parseTextCsv", () => {
  it("reads ids, texts, labels and attributes; empty attributes become null and are counted", () => {
    const csv = '\uFEFFid,text,party,year,label\n a ,"Hello, world",D,1990,x\n\nb,"two\nlines",,1991,y\n';
    const r = parseTextCsv(csv, opts);
    expect(r.attributeColumns).toEqual(["party", "year"]);
    expect(r.rows).toEqual([
      { row: 1, id: "a", text: "Hello, world", label: "x", attributes: { party: "D", year: "1990" } },
      { row: 2, id: "b", text: "two\nlines", label: "y", attributes: { party: null, year: "1991" } },
    ]);
    expect(r.missingCounts).toEqual({ party: 1, year: 0 });
  });

  it("works without id or label columns and with a named text column", () => {
    const r = parseTextCsv(Buffer.from("body,lang\nbonjour,fr\n"), { file: "t.csv", textColumn: "body" });
    expect(r.rows[0]).toEqual({
      row: 1,
      id: "row-1",
      text: "bonjour",
      label: null,
      attributes: { lang: "fr" },
    });
  });

  it("names file, row, line and column in errors", () => {
    expect(() => parseTextCsv("id,text,label\na,hi,x\nb,  ,y\n", opts)).toThrow(
      't.csv: row 2 (line 3), column "text": empty text',
    );
    expect(() => parseTextCsv("id,text,label\na,hi,x\na,ho,y\n", opts)).toThrow(
      't.csv: row 2 (line 3), column "id": id "a" already used by row 1',
    );
    expect(() => parseTextCsv("id,text,label\na,hi,\n", opts)).toThrow(
      't.csv: row 1 (line 2), column "label": empty label',
    );
    expect(() => parseTextCsv("id,body\na,hi\n", opts)).toThrow(
      't.csv: column "text": text column not in header (columns: id, body)',
    );
    expect(() => parseTextCsv("text,text\na,b\n", opts)).toThrow(
      't.csv: column "text": header: column name appears twice',
    );
    expect(() => parseTextCsv("text,label\na,b,c\n", opts)).toThrow(/t.csv: malformed CSV at line 2/);
    expect(() => parseTextCsv("text\n", opts)).toThrow("t.csv: no data rows after the header");
    expect(() => parseTextCsv("", opts)).toThrow("t.csv: empty file (no header)");
    expect(() => parseTextCsv(new Uint8Array([0x74, 0xff, 0x0a]), opts)).toThrow(
      "t.csv: not valid UTF-8 text",
    );
    expect(() => parseTextCsv("text\nabcdef\n", { ...opts, maxTextChars: 5 })).toThrow(
      /row 1 \(line 2\), column "text": text has 6 characters/,
    );
    expect(() => parseTextCsv("text\na\nb\n", { ...opts, maxRows: 1 })).toThrow(
      /2 data rows, more than the limit of 1/,
    );
    expect(() => parseTextCsv("text,label\na,b\n", { ...opts, attributeColumns: ["label"] })).toThrow(
      /column "label": attribute column is also/,
    );
  });
});
