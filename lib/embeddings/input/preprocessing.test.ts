import { describe, expect, it } from "vitest";
import { type Preprocessing, validatePreprocessing, valueMap } from "./preprocessing";

const base: Preprocessing = {
  height: 224,
  width: 224,
  channels: 3,
  range: [0, 1],
  resize: "bilinear",
  channelOrder: "RGB",
};

describe("valueMap", () => {
  it("[0,255] -> [-1,1] is x = p * 2/255 - 1", () => {
    const { scale, offset } = valueMap({ ...base, range: [-1, 1] });
    expect(scale[0]).toBeCloseTo(2 / 255, 15);
    expect(offset[0]).toBe(-1);
    // p = 255 -> 1, p = 0 -> -1.
    expect(scale[1]! * 255 + offset[1]!).toBeCloseTo(1, 12);
  });

  it("Caffe style: range [0,255], mean subtracted, std 1 -> x = p - mean", () => {
    const { scale, offset } = valueMap({
      ...base,
      range: [0, 255],
      mean: [103.939, 116.779, 123.68],
      std: [1, 1, 1],
    });
    expect(scale[2]).toBe(1);
    expect(offset[2]).toBeCloseTo(-123.68, 12);
  });
});

describe("validatePreprocessing", () => {
  it("names the field that is wrong", () => {
    expect(() => validatePreprocessing({ ...base, height: 0 })).toThrow("preprocessing.height");
    expect(() => validatePreprocessing({ ...base, channels: 2 as 1 })).toThrow("preprocessing.channels");
    expect(() => validatePreprocessing({ ...base, range: [0, Number.NaN] })).toThrow("preprocessing.range");
    expect(() => validatePreprocessing({ ...base, mean: [0, 0, 0] })).toThrow("given together");
    expect(() => validatePreprocessing({ ...base, mean: [0, 0, 0], std: [1, 0, 1] })).toThrow(
      "preprocessing.std[1]",
    );
    expect(() => validatePreprocessing({ ...base, resize: "cubic" as "nearest" })).toThrow(
      "preprocessing.resize",
    );
    expect(() => validatePreprocessing({ ...base, channelOrder: "RBG" as "RGB" })).toThrow(
      "preprocessing.channelOrder",
    );
  });
});
