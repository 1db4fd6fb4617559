/** Paths and readers for the committed PyTorch fixture (fixtures/, see scripts/fixtures/torch-small-cnn.py). */
import fs from "node:fs";
import path from "node:path";
import { readNpy } from "../../datasets/npy";

const NAME = "torch-small-cnn";

/** `fixtures/torch-small-cnn.<suffix>` next to this folder (`dir` = lib/embeddings/onnx). */
export function torchFixturePath(dir: string, suffix: string): string {
  return path.join(dir, "fixtures", `${NAME}.${suffix}`);
}

/** One reference array written by PyTorch, as float32. */
export function readNpyFixture(dir: string, name: string): { shape: number[]; data: Float32Array } {
  const file = torchFixturePath(dir, `${name}.npy`);
  const a = readNpy(new Uint8Array(fs.readFileSync(file)), file);
  if (!(a.data instanceof Float32Array)) throw new Error(`${file}: expected float32, got ${a.dtype}`);
  return { shape: a.shape, data: a.data };
}
