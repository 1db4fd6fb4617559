import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listDatasetCards, loadDatasetCard } from "./cards";
import { warningsFrom } from "./warnings";

describe("dataset cards", () => {
  it("lists the seven required cards and each one validates", () => {
    const ids = listDatasetCards();
    for (const id of ["imagenet", "coco", "mnist", "fashion-mnist", "colored-mnist", "cps-1985", "sotu"]) {
      expect(ids).toContain(id);
    }
    for (const id of ids) {
      const card = loadDatasetCard(id);
      expect(card.id).toBe(id);
      expect(card.references.length).toBeGreaterThan(0);
    }
  });

  it("cites the ImageNet 2019 person-subtree update and Yang et al. FAT* 2020; COCO cites Zhao et al. 2017", () => {
    const imagenet = loadDatasetCard("imagenet");
    expect(imagenet.references.map((r) => r.id)).toEqual(
      expect.arrayContaining(["yang2020", "imagenet-update-2019"]),
    );
    expect(loadDatasetCard("coco").references.some((r) => /Men Also Like Shopping/.test(r.citation))).toBe(
      true,
    );
    expect(loadDatasetCard("colored-mnist").synthetic).toBe(true);
  });

  it("turns documented skews into warnings, never high (nothing measured here)", () => {
    const ws = warningsFrom({ cards: loadDatasetCard("imagenet") });
    expect(ws.length).toBe(loadDatasetCard("imagenet").skews.length);
    expect(ws.every((w) => w.kind === "dataset-card" && w.severity !== "high")).toBe(true);
    expect(ws.some((w) => w.severity === "medium")).toBe(true);
    expect(ws[0]!.message).toMatch(/Source: /);
  });

  it("loads a new card from data alone, and rejects invalid ones with the reason", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cards-"));
    const card = {
      id: "toy",
      name: "Toy",
      synthetic: true,
      summary: "s",
      composition: [],
      skews: [{ attribute: "a", finding: "f", concernsPeople: false, references: ["r1"] }],
      notDocumented: ["everything else: not documented"],
      references: [{ id: "r1", citation: "c" }],
    };
    writeFileSync(path.join(dir, "toy.json"), JSON.stringify(card));
    writeFileSync(
      path.join(dir, "bad.json"),
      JSON.stringify({ ...card, id: "bad", skews: [{ ...card.skews[0], references: ["nope"] }] }),
    );
    expect(listDatasetCards(dir)).toEqual(["bad", "toy"]);
    expect(loadDatasetCard("toy", dir).name).toBe("Toy");
    expect(() => loadDatasetCard("bad", dir)).toThrow(/unknown reference "nope"/);
    expect(() => loadDatasetCard("missing", dir)).toThrow(/no card "missing"/);
    expect(() => loadDatasetCard("../etc", dir)).toThrow(/not a card id/);
  });
});
