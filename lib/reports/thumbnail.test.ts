import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { thumbnailPng } from "./thumbnail";

async function png(width: number, height: number): Promise<Uint8Array> {
  const raw = Buffer.alloc(width * height * 3, 128);
  return new Uint8Array(
    await sharp(raw, { raw: { width, height, channels: 3 } })
      .png()
      .toBuffer(),
  );
}

describe("thumbnailPng", () => {
  it("fits large images inside 96 px keeping the aspect ratio", async () => {
    const out = await sharp(await thumbnailPng(await png(400, 200))).metadata();
    // 400x200 scaled by 96/400 = 0.24 -> 96x48.
    expect([out.format, out.width, out.height]).toEqual(["png", 96, 48]);
  });

  it("grows a 28 px digit by an integer factor (3x = 84 px), never past 96", async () => {
    const out = await sharp(await thumbnailPng(await png(28, 28))).metadata();
    expect([out.width, out.height]).toEqual([84, 84]);
    const wide = await sharp(await thumbnailPng(await png(60, 20))).metadata();
    // 96 / 60 = 1.6 -> factor 1: left as is.
    expect([wide.width, wide.height]).toEqual([60, 20]);
  });

  it("rejects empty input and bad sizes", async () => {
    await expect(thumbnailPng(new Uint8Array())).rejects.toThrow(/bytes/);
    await expect(thumbnailPng(await png(10, 10), 200)).rejects.toThrow(/size/);
  });
});
