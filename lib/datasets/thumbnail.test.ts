import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { makePng } from "./test-fixtures";
import { thumbnailPng } from "./thumbnail";

describe("thumbnailPng", () => {
  it("fits a large image inside the box keeping its aspect ratio, and never enlarges a small one", async () => {
    // 200 x 100 into 96 x 96: scale 96/200 -> 96 x 48.
    const big = await sharp(await thumbnailPng(await makePng(1, 200, 100))).metadata();
    expect([big.width, big.height, big.format]).toEqual([96, 48, "png"]);
    const small = await sharp(await thumbnailPng(await makePng(2, 28, 28))).metadata();
    expect([small.width, small.height]).toEqual([28, 28]);
    await expect(thumbnailPng(new Uint8Array([1, 2, 3]))).rejects.toThrow();
    await expect(thumbnailPng(await makePng(3), 0)).rejects.toThrow(
      "maxSide must be an integer in 1..1024, got 0",
    );
  });
});
