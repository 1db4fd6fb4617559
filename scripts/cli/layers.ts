import { createEngine } from "@/lib/embeddings/engine/create";
import { parseArgs } from "./args";
import { resolveModelArg, withEngine } from "./model-arg";

/** `transfer-audit layers --model …`: every layer with its output shape and parameters. */
export async function runLayers(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ["json"]);
  const model = await withEngine(await resolveModelArg(args.require("model")), args.get("engine"));
  const engine = await createEngine(model.spec);
  try {
    const layers = engine.listLayers();
    if (args.has("json")) {
      console.log(
        JSON.stringify(
          { model: model.label, engine: engine.name, backend: engine.backend, head: engine.head, layers },
          null,
          2,
        ),
      );
      return 0;
    }
    console.log(`${model.label}: ${layers.length} layers (${engine.name}/${engine.backend})`);
    for (const l of layers) {
      const shape = `[${l.outputShape.map((d) => d ?? "N").join(", ")}]`;
      console.log(
        `${String(l.index).padStart(4)}  ${l.name.padEnd(32)} ${l.className.padEnd(24)} ${shape.padEnd(22)} ${l.params}`,
      );
    }
    if (engine.head)
      console.log(`classification head: ${engine.head.layer} (${engine.head.classes ?? "?"} classes)`);
    return 0;
  } finally {
    await engine.dispose();
  }
}
