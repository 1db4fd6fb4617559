import { describe, expect, it } from "vitest";
import { type MappingFacts, mappingRecord, summarizeMappings } from "./mapping";

const facts = (over: Partial<MappingFacts>): MappingFacts => ({
  id: "x",
  format: "png",
  width: 28,
  height: 28,
  channels: 1,
  hasAlpha: false,
  targetWidth: 224,
  targetHeight: 224,
  targetChannels: 3,
  greyContent: false,
  transparencyLost: false,
  reoriented: false,
  extensionMismatch: null,
  ...over,
});

describe("mappingRecord", () => {
  it("scale is the larger axis factor: 100x50 to 224x224 gives 2.24 and 4.48", () => {
    const r = mappingRecord(facts({ width: 100, height: 50, channels: 3 }));
    expect(r.scaleX).toBeCloseTo(2.24, 12);
    expect(r.scaleY).toBeCloseTo(4.48, 12);
    expect(r.scale).toBeCloseTo(4.48, 12);
    expect(r.warnings[0]).toBe(
      "image is upscaled 4.5x from 100x50 to 224x224: fine detail the model expects is absent",
    );
    expect(r.warnings[1]).toBe(
      "aspect ratio changed 2.0x (100x50 stretched to 224x224): shapes are distorted",
    );
  });

  it("a grey image fed to a grey model invents and drops nothing", () => {
    const r = mappingRecord(facts({ targetChannels: 1, targetWidth: 28, targetHeight: 28 }));
    expect(r.channelsInvented).toBe(false);
    expect(r.channelsDropped).toBe(false);
    expect(r.warnings).toEqual([]);
  });

  it("throws on a zero size", () => {
    expect(() => mappingRecord(facts({ width: 0 }))).toThrow("mappingRecord: x has size 0x28");
  });
});

describe("summarizeMappings", () => {
  it("counts and ranges over the records", () => {
    const rs = [
      mappingRecord(facts({ id: "a" })), // 8x, grey -> RGB
      mappingRecord(facts({ id: "b", width: 56, height: 56 })), // 4x, grey -> RGB
      mappingRecord(facts({ id: "c", width: 448, height: 448, channels: 3 })), // 0.5x
    ];
    const s = summarizeMappings(rs, 1);
    expect(s.count).toBe(3);
    expect(s.upscaled).toBe(2);
    expect(s.upscaledOverLimit).toBe(2);
    expect(s.channelsInvented).toBe(2);
    expect(s.minScale).toBe(0.5);
    expect(s.maxScale).toBe(8);
    expect(s.commonSizes).toEqual(["28x28 (1)", "448x448 (1)", "56x56 (1)"]);
    expect(s.warnings).toEqual([
      "2 of 3 images are upscaled 4.0x to 8.0x (e.g. from 28x28 to 224x224): fine detail the model expects is absent",
      "2 of 3 images are grey: colour channels are invented by replication (R = G = B)",
      "1 images could not be read and were skipped",
    ]);
  });
});
