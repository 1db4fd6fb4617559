"use server";

/**
 * Importing a model from the browser: either a TF.js model (model.json and its weight shards) or
 * one `.onnx` file. The files are written to a private temporary folder, validated and stored by
 * lib/embeddings/registry (registerModelFromDir) or lib/embeddings/register-onnx (registerOnnxModel:
 * opened with ONNX Runtime, every tensor's shape measured, the form's input size checked against
 * the model's own), then the folder is removed.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { isAuthError } from "@/lib/auth/errors";
import { requireUser } from "@/lib/auth/guard";
import { registerOnnxModel } from "@/lib/embeddings/register-onnx";
import { registerModelFromDir } from "@/lib/embeddings/registry";

export interface ImportModelState {
  error?: string;
}

const MAX_BYTES = 190 * 1024 * 1024;

const form = z.object({
  name: z.string().trim().min(1, "give the model a name").max(120),
  height: z.coerce.number().int().min(8).max(1024),
  width: z.coerce.number().int().min(8).max(1024),
  channels: z.enum(["1", "3"]).transform((v): 1 | 3 => (v === "1" ? 1 : 3)),
  range: z.enum(["0,1", "-1,1", "0,255"]),
  sourceName: z.string().trim().min(1, "name the data the model learned from").max(200),
  sourceDescription: z.string().trim().max(2000).default(""),
  cardId: z
    .string()
    .regex(/^[a-z0-9-]*$/)
    .default(""),
  provenance: z.string().trim().max(4000).default(""),
});

export async function importModelAction(_prev: ImportModelState, data: FormData): Promise<ImportModelState> {
  let id: string;
  let dir: string | null = null;
  try {
    const user = await requireUser("editor");
    const input = form.parse(
      Object.fromEntries([...data.entries()].filter(([, v]) => typeof v === "string")),
    );
    const files = data.getAll("files").filter((f): f is File => f instanceof File && f.size > 0);
    const onnx = files.filter((f) => f.name.toLowerCase().endsWith(".onnx"));
    if (onnx.length > 0 && files.length > 1)
      return { error: "files: an ONNX model is one .onnx file on its own (weights inside it)" };
    if (onnx.length === 0 && !files.some((f) => f.name === "model.json"))
      return { error: "files: include model.json and its weight files, or one .onnx file" };
    const total = files.reduce((s, f) => s + f.size, 0);
    if (total > MAX_BYTES)
      return { error: `files: ${Math.round(total / 2 ** 20)} MB is more than the 190 MB limit` };
    dir = await mkdtemp(path.join(os.tmpdir(), "ta-model-"));
    for (const f of files) {
      // Only plain file names: the manifest's shard paths are relative to model.json.
      const name = path.basename(f.name);
      if (name !== f.name || name.startsWith("."))
        return { error: `files: "${f.name}" is not a plain file name` };
      await writeFile(path.join(dir, name), new Uint8Array(await f.arrayBuffer()));
    }
    const [lo, hi] = input.range.split(",").map(Number) as [number, number];
    const described = {
      name: input.name,
      preprocessing: {
        kind: "image" as const,
        height: input.height,
        width: input.width,
        channels: input.channels,
        range: [lo, hi] as [number, number],
        resize: "bilinear" as const,
      },
      sourceDataset: {
        name: input.sourceName,
        description: input.sourceDescription,
        cardId: input.cardId || null,
      },
      provenance: input.provenance,
      createdBy: user.id,
    };
    const model = onnx[0]
      ? await registerOnnxModel(await getDb(), {
          ...described,
          file: path.join(dir, path.basename(onnx[0].name)),
          preprocessing: { ...described.preprocessing, channelOrder: "RGB" },
        })
      : await registerModelFromDir(await getDb(), { ...described, dir });
    id = model.id;
  } catch (e) {
    if (e instanceof z.ZodError) {
      const i = e.issues[0]!;
      return { error: `${i.path.join(".") || "input"}: ${i.message}` };
    }
    if ((e as { digest?: string })?.digest?.startsWith("NEXT_")) throw e;
    // The guard's refusal (401 / 403) is an answer, not a failure: its message says what to do.
    if (isAuthError(e)) return { error: e.message };
    console.error("[models] import failed:", e);
    // Messages name the file; the private temporary folder it sat in means nothing to the user.
    const message = (e as Error).message;
    return { error: dir ? message.split(`${dir}${path.sep}`).join("") : message };
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
  revalidatePath("/models");
  redirect(`/models/${id}`);
}
