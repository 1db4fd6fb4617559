/** Keras "same" padding as explicit pads; expected values from the TensorFlow formula in padding.ts. */
import { describe, expect, it } from "vitest";
import { samePadding1d, windowPads } from "./padding";

describe("samePadding1d", () => {
  it("puts the odd pixel after, as TensorFlow does", () => {
    // MobileNetV2's stride-2 3x3 convolutions on 224: out 112, total (112 - 1) * 2 + 3 - 224 = 1 -> [0, 1].
    expect(samePadding1d(224, 3, 2)).toEqual([0, 1]);
    // Stride 1, kernel 3: total 2 -> [1, 1] (symmetric).
    expect(samePadding1d(7, 3, 1)).toEqual([1, 1]);
    // Even kernel, stride 1: total 1 -> [0, 1].
    expect(samePadding1d(4, 2, 1)).toEqual([0, 1]);
  });

  it("needs no padding when the stride skips past the kernel", () => {
    // in 5, kernel 1, stride 2: out 3, (3 - 1) * 2 + 1 - 5 = 0.
    expect(samePadding1d(5, 1, 2)).toEqual([0, 0]);
  });

  it("uses the dilated kernel size", () => {
    // kernel 3 with dilation 2 covers 5 cells: total 4 -> [2, 2].
    expect(samePadding1d(10, 3, 1, 2)).toEqual([2, 2]);
  });

  it("rejects non-positive sizes", () => {
    expect(() => samePadding1d(0, 3, 1)).toThrow(/positive integers/);
  });
});

describe("windowPads", () => {
  it("orders ONNX pads as [top, left, bottom, right]", () => {
    // Height: in 3, k 2, s 2 -> [0, 1]; width: in 6, k 3, s 1 -> [1, 1].
    expect(windowPads("same", [3, 6], [2, 3], [2, 1])).toEqual([0, 1, 1, 1]);
    expect(windowPads("valid", [3, 6], [2, 3], [2, 1])).toEqual([0, 0, 0, 0]);
  });
});
