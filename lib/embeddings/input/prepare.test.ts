import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { ImageInputError } from "./errors";
import { prepareBatch, prepareGreyPixels, prepareImage } from "./prepare";
import type { Preprocessing } from "./preprocessing";
import { greyPng, pngHeaderClaiming, rgbaPng, rgbJpeg, rgbPng } from "./test-images";

const rgb224: Preprocessing = {
  height: 224,
  width: 224,
  channels: 3,
  range: [-1, 1],
  resize: "bilinear",
  channelOrder: "RGB",
};

/** Identity-size mapping with range [0,255] so output values are the decoded 8-bit values. */
function same(
  width: number,
  height: number,
  channels: 1 | 3,
  channelOrder: "RGB" | "BGR" = "RGB",
): Preprocessing {
  return { height, width, channels, range: [0, 255], resize: "bilinear", channelOrder };
}

function ramp(n: number, step = 7): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * step) % 256);
}

async function refusal(p: Promise<unknown>): Promise<ImageInputError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ImageInputError);
  return e as ImageInputError;
}

describe("prepareImage: size and scale", () => {
  it("28x28 grey to 224x224 RGB is an 8x upscale with invented channels, both warned", async () => {
    // 224 / 28 = 8 exactly on both axes.
    const { pixels, mapping } = await prepareImage(await greyPng(ramp(784), 28, 28), rgb224, "digits/a.png");
    expect(pixels.length).toBe(224 * 224 * 3);
    expect(mapping.scaleX).toBe(8);
    expect(mapping.scaleY).toBe(8);
    expect(mapping.scale).toBe(8);
    expect(mapping.upscaled).toBe(true);
    expect(mapping.channelsInvented).toBe(true);
    expect(mapping.original).toEqual({ width: 28, height: 28, channels: 1, hasAlpha: false });
    expect(mapping.warnings).toContain(
      "image is upscaled 8.0x from 28x28 to 224x224: fine detail the model expects is absent",
    );
    expect(mapping.warnings.some((w) => w.includes("invented"))).toBe(true);
  });

  it("300x300 RGB to 224x224 is a downscale (224/300 = 0.7467) with no warning", async () => {
    const { mapping } = await prepareImage(
      await rgbPng(ramp(300 * 300 * 3, 13), 300, 300),
      rgb224,
      "big.png",
    );
    expect(mapping.scale).toBeCloseTo(224 / 300, 12);
    expect(mapping.upscaled).toBe(false);
    expect(mapping.channelsInvented).toBe(false);
    expect(mapping.warnings).toEqual([]);
  });

  it("a 2x upscale is recorded but not warned (the threshold is strictly above 2x)", async () => {
    const { mapping } = await prepareImage(
      await rgbPng(ramp(112 * 112 * 3, 11), 112, 112),
      rgb224,
      "half.png",
    );
    expect(mapping.scale).toBe(2);
    expect(mapping.upscaled).toBe(true);
    expect(mapping.warnings).toEqual([]);
  });

  it("a changed aspect ratio is warned: 64x32 stretched to 32x32 is 2.0x", async () => {
    // scaleX = 32/64 = 0.5, scaleY = 32/32 = 1: ratio 2.
    const { mapping } = await prepareImage(
      await rgbPng(ramp(64 * 32 * 3), 64, 32),
      same(32, 32, 3),
      "wide.png",
    );
    expect(mapping.warnings).toContain(
      "aspect ratio changed 2.0x (64x32 stretched to 32x32): shapes are distorted",
    );
  });
});

describe("prepareImage: channels and values", () => {
  it("grey to RGB replicates the grey value exactly into R, G and B", async () => {
    const grey = ramp(16 * 16, 37);
    const { pixels } = await prepareImage(await greyPng(grey, 16, 16), same(16, 16, 3), "g.png");
    for (let i = 0; i < grey.length; i++) {
      expect([pixels[3 * i], pixels[3 * i + 1], pixels[3 * i + 2]]).toEqual([grey[i], grey[i], grey[i]]);
    }
  });

  it("RGB to grey is BT.601 luma: (255,0,0) -> 76.245, (10,20,30) -> 18.15, grey (90,90,90) -> 90", async () => {
    // 0.299*255 = 76.245; 0.299*10 + 0.587*20 + 0.114*30 = 2.99 + 11.74 + 3.42 = 18.15.
    const px = Uint8Array.from([255, 0, 0, 10, 20, 30, 90, 90, 90, 0, 0, 255]);
    const { pixels, mapping } = await prepareImage(await rgbPng(px, 2, 2), same(2, 2, 1), "c.png");
    expect(pixels[0]).toBeCloseTo(76.245, 4);
    expect(pixels[1]).toBeCloseTo(18.15, 4);
    expect(pixels[2]).toBe(90);
    expect(pixels[3]).toBeCloseTo(0.114 * 255, 4);
    expect(mapping.channelsDropped).toBe(true);
    expect(mapping.warnings).toContain("colour image reduced to grey (ITU-R BT.601 luma): colour is lost");
  });

  it("BGR order swaps R and B", async () => {
    const { pixels } = await prepareImage(
      await rgbPng(Uint8Array.from([10, 20, 30]), 1, 1),
      same(1, 1, 3, "BGR"),
      "b",
    );
    expect(Array.from(pixels)).toEqual([30, 20, 10]);
  });

  it("range [-1,1]: pixel 51 -> -0.6, 0 -> -1, 255 -> 1", async () => {
    // x = -1 + 2 * p / 255: 51 -> -1 + 0.4 = -0.6.
    const pre: Preprocessing = { ...same(3, 1, 1), range: [-1, 1] };
    const { pixels } = await prepareImage(await greyPng(Uint8Array.from([51, 0, 255]), 3, 1), pre, "r.png");
    expect(pixels[0]).toBeCloseTo(-0.6, 6);
    expect(pixels[1]).toBe(-1);
    expect(pixels[2]).toBe(1);
  });

  it("ImageNet mean/std per channel on pixel (255, 0, 128), worked by hand", async () => {
    // range [0,1]: (1 - 0.485) / 0.229 = 0.515 / 0.229 = 2.248908...
    //              (0 - 0.456) / 0.224 = -2.035714...
    //              (128/255 - 0.406) / 0.225 = (0.501961 - 0.406) / 0.225 = 0.426492...
    const pre: Preprocessing = {
      ...same(1, 1, 3),
      range: [0, 1],
      mean: [0.485, 0.456, 0.406],
      std: [0.229, 0.224, 0.225],
    };
    const { pixels } = await prepareImage(await rgbPng(Uint8Array.from([255, 0, 128]), 1, 1), pre, "m.png");
    expect(pixels[0]).toBeCloseTo(2.248908, 5);
    expect(pixels[1]).toBeCloseTo(-2.035714, 5);
    expect(pixels[2]).toBeCloseTo(0.426492, 5);
  });

  it("an RGB file whose pixels are all grey counts as invented colour", async () => {
    const g = ramp(8 * 8, 29);
    const rgb = new Uint8Array(8 * 8 * 3);
    for (let i = 0; i < g.length; i++) rgb.fill(g[i]!, 3 * i, 3 * i + 3);
    const { mapping } = await prepareImage(await rgbPng(rgb, 8, 8), same(8, 8, 3), "rgbgrey.png");
    expect(mapping.original.channels).toBe(3);
    expect(mapping.greyContent).toBe(true);
    expect(mapping.channelsInvented).toBe(true);
  });

  it("a 16-bit grey PNG is reduced to the same 8-bit values", async () => {
    // libvips writes grey16 as p * 257 (0..65535); reading back to 8 bits divides by 257 exactly.
    const grey = Uint8Array.from([0, 1, 128, 254, 255, 77]);
    const png16 = await sharp(Buffer.from(grey), { raw: { width: 3, height: 2, channels: 1 } })
      .toColourspace("grey16")
      .png()
      .toBuffer();
    expect((await sharp(png16).metadata()).depth).toBe("ushort");
    const { pixels } = await prepareImage(png16, same(3, 2, 1), "deep.png");
    expect(Array.from(pixels)).toEqual(Array.from(grey));
  });

  it("alpha is dropped and transparency loss is warned", async () => {
    const px = Uint8Array.from([200, 10, 10, 255, 10, 200, 10, 0]);
    const { pixels, mapping } = await prepareImage(await rgbaPng(px, 2, 1), same(2, 1, 3), "a.png");
    expect(mapping.alphaDropped).toBe(true);
    expect(mapping.transparencyLost).toBe(true);
    expect(Array.from(pixels.subarray(0, 3))).toEqual([200, 10, 10]);
  });
});

describe("prepareImage: sniffing and refusals", () => {
  it("decodes by content, not extension: a JPEG named .png", async () => {
    const jpg = await rgbJpeg(ramp(32 * 32 * 3, 5), 32, 32);
    const { mapping } = await prepareImage(jpg, same(32, 32, 3), "photos/cat.png");
    expect(mapping.format).toBe("jpeg");
    expect(mapping.warnings).toContain("file name ends in .png but the content is jpeg");
  });

  it("a text file renamed .png is not-image, naming the path", async () => {
    const text = new TextEncoder().encode("name,label\nalice,1\n");
    const e = await refusal(prepareImage(text, rgb224, "uploads/notes.png"));
    expect(e.code).toBe("not-image");
    expect(e.path).toBe("uploads/notes.png");
    expect(e.message).toMatch(/^uploads\/notes\.png: content is text, not an image/);
  });

  it("a PNG with damaged data is corrupt, naming the path", async () => {
    const good = await greyPng(ramp(64 * 64, 3), 64, 64);
    const bad = Uint8Array.from(good);
    bad.fill(0xab, 40); // keep signature + IHDR, wreck IDAT and IEND
    const e = await refusal(prepareImage(bad, rgb224, "set/broken.png"));
    expect(e.code).toBe("corrupt");
    expect(e.message.startsWith("set/broken.png: ")).toBe(true);
  });

  it("a truncated PNG is corrupt", async () => {
    const good = await greyPng(ramp(64 * 64, 3), 64, 64);
    const e = await refusal(prepareImage(good.subarray(0, good.length - 30), rgb224, "t.png"));
    expect(e.code).toBe("corrupt");
  });

  it("a header claiming 100000x100000 is refused before decoding", async () => {
    const bomb = pngHeaderClaiming(100_000, 100_000);
    expect(bomb.length).toBeLessThan(200);
    const t0 = performance.now();
    const e = await refusal(prepareImage(bomb, rgb224, "evil/bomb.png"));
    // Decoding 10^10 pixels would take minutes and 10 GB; the header check takes milliseconds.
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(e.code).toBe("too-large");
    expect(e.message).toContain("evil/bomb.png");
    expect(e.message).toContain("100000x100000 = 10000.0 Mpx");
  });

  it("the pixel cap is configurable: 64x64 = 4096 px is refused under a 4000 px cap", async () => {
    const e = await refusal(
      prepareImage(await greyPng(ramp(4096), 64, 64), rgb224, "x.png", { maxPixels: 4000 }),
    );
    expect(e.code).toBe("too-large");
  });

  it("empty input, BMP and SVG are refused with their own codes", async () => {
    expect((await refusal(prepareImage(new Uint8Array(0), rgb224, "e.png"))).code).toBe("empty");
    const bmp = new Uint8Array(64);
    bmp.set([0x42, 0x4d]);
    expect((await refusal(prepareImage(bmp, rgb224, "b.bmp"))).code).toBe("unsupported-format");
    const svg = new TextEncoder().encode(
      '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>',
    );
    const e = await refusal(prepareImage(svg, rgb224, "v.png"));
    expect(e.code).toBe("unsupported-format");
    expect(e.reason).toContain("svg");
  });

  it("rejects a bad preprocessing naming the field", async () => {
    const png = await greyPng(ramp(4), 2, 2);
    await expect(prepareImage(png, { ...rgb224, mean: [0.5], std: [0.5] }, "p")).rejects.toThrow(
      "preprocessing.mean has 1 values, expected 3 (channels)",
    );
    await expect(prepareImage(png, { ...rgb224, range: [1, 1] }, "p")).rejects.toThrow("preprocessing.range");
  });
});

describe("prepareGreyPixels", () => {
  it("maps MNIST-size raw pixels at 28x28x1 [0,1] as p / 255 with no resize", async () => {
    const grey = ramp(784, 3);
    const pre: Preprocessing = { ...same(28, 28, 1), range: [0, 1] };
    const { pixels, mapping } = await prepareGreyPixels(grey, 28, 28, pre, "mnist#0");
    for (let i = 0; i < 784; i++) expect(pixels[i]).toBeCloseTo(grey[i]! / 255, 7);
    expect(mapping.scale).toBe(1);
    expect(mapping.warnings).toEqual([]);
    expect(mapping.format).toBe("raw-grey");
  });

  it("gives the same 224x224 tensor as the PNG round trip (an independent decode path)", async () => {
    const grey = ramp(784, 11);
    const raw = await prepareGreyPixels(grey, 28, 28, rgb224, "raw");
    const png = await prepareImage(await greyPng(grey, 28, 28), rgb224, "png");
    expect(Buffer.from(raw.pixels.buffer).equals(Buffer.from(png.pixels.buffer))).toBe(true);
    expect(raw.mapping.warnings).toEqual(png.mapping.warnings);
  });

  it("refuses a length that does not match the size", async () => {
    const e = await refusal(prepareGreyPixels(new Uint8Array(10), 28, 28, rgb224, "short"));
    expect(e.code).toBe("bad-raw-pixels");
    expect(e.message).toBe("short: raw grey pixels have 10 values, expected 28x28 = 784");
  });
});

describe("prepareBatch", () => {
  it("keeps order, skips unreadable items with reasons, and summarises the mapping", async () => {
    const pre: Preprocessing = { ...rgb224, height: 56, width: 56 };
    const digit = ramp(784, 9);
    const items = [
      { id: "d0.png", bytes: await greyPng(digit, 28, 28) },
      { id: "junk.png", bytes: new TextEncoder().encode("not an image") },
      { id: "raw#2", grey: digit, width: 28, height: 28 },
      { id: "bomb.png", bytes: pngHeaderClaiming(100_000, 100_000) },
      { id: "photo.jpg", bytes: await rgbJpeg(ramp(112 * 112 * 3, 7), 112, 112) },
    ];
    const b = await prepareBatch(items, pre, { concurrency: 2 });
    expect(b.ok).toEqual([0, 2, 4]);
    expect(b.skipped.map((s) => [s.index, s.id, s.code])).toEqual([
      [1, "junk.png", "not-image"],
      [3, "bomb.png", "too-large"],
    ]);
    expect(b.data.length).toBe(3 * 56 * 56 * 3);
    // Item 0 and item 2 are the same digit through two paths: identical slices.
    const per = 56 * 56 * 3;
    expect(b.data.subarray(0, per)).toEqual(b.data.subarray(per, 2 * per));
    const s = b.summary;
    expect(s.count).toBe(3);
    expect(s.upscaledOverLimit).toBe(0); // 56/28 = 2: not above 2
    expect(s.channelsInvented).toBe(2);
    expect(s.minScale).toBe(0.5); // 56/112
    expect(s.maxScale).toBe(2); // 56/28
    expect(s.warnings).toContain(
      "2 of 3 images are grey: colour channels are invented by replication (R = G = B)",
    );
    expect(s.warnings).toContain("2 images could not be read and were skipped");
  });

  it("an empty batch gives empty results", async () => {
    const b = await prepareBatch([], rgb224);
    expect(b.data.length).toBe(0);
    expect(b.summary.count).toBe(0);
    expect(b.summary.minScale).toBeNull();
  });
});
