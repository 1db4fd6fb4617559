/**
 * `npx transfer-audit <command>`: one entry, one file per command under scripts/cli/.
 * Commands load lazily so `--help` is instant and a command pays only for what it uses.
 */
type Runner = (argv: string[]) => Promise<number>;

interface Command {
  summary: string;
  usage: string;
  load: () => Promise<Runner>;
}

const COMMANDS: Record<string, Command> = {
  import: {
    summary: "import a dataset (images, tabular CSV, text CSV or .npy embeddings)",
    usage:
      "import --images <folder|zip> [--manifest m.csv] [--label col] [--attributes a,b] [--protected a] --name N\n" +
      "       import --tabular data.csv --label col [--features auto|a,b] [--attributes a,b] [--protected a] --name N\n" +
      "       import --embeddings E.npy --ids ids.csv --name N   (add --preview to look without storing)",
    load: async () => (await import("./cli/import")).runImport,
  },
  layers: {
    summary: "list a model's layers with their output shapes",
    usage:
      "layers --model <id|dir|file.onnx|mobilenet_v2|mnist-cnn-0to4|mnist-dae|bow-sotu> [--engine auto|tfjs|onnx]",
    load: async () => (await import("./cli/layers")).runLayers,
  },
  embed: {
    summary: "extract embeddings at one or more layers into float32 .npy files",
    usage:
      "embed --model <…|file.onnx> --layer <name>[,<name>…] --images <folder|manifest.csv> --out <file.npy> [--pooling avg|max] [--engine auto|tfjs|onnx]",
    load: async () => (await import("./cli/embed")).runEmbed,
  },
  metrics: {
    summary: "shift and transferability metrics on .npy embeddings computed anywhere",
    usage:
      "metrics --source S.npy --target T.npy [--target-labels y.npy] [--source-probs P.npy] [--permutations 1000] [--seed 0] --json",
    load: async () => (await import("./cli/metrics")).runMetrics,
  },
  skew: {
    summary: "demographic representation and label skew between two CSVs",
    usage: "skew --source s.csv --target t.csv --attribute <col> [--label <col> --favourable <value>] --json",
    load: async () => (await import("./cli/skew")).runSkew,
  },
  vocab: {
    summary: "vocabulary coverage of a text corpus against a model's vocabulary",
    usage: "vocab --texts t.csv --column text [--vocab bert-base-uncased] --json",
    load: async () => (await import("./cli/vocab")).runVocab,
  },
  audit: {
    summary: "run a whole audit (embeddings, metrics, bias, recommendation) and write the report",
    usage:
      "audit --model <…|file.onnx> --layers <…> --source <dataset id|folder|manifest> --target <…> [--engine auto|tfjs|onnx] [--verify] [--format json|md] [--out file] [--fail-on high]",
    load: async () => (await import("./cli/audit")).runAudit,
  },
  worker: {
    summary: "run a standalone job worker against DATABASE_URL",
    usage: "worker",
    load: async () => (await import("./cli/worker")).runWorker,
  },
  admin: {
    summary: "manage users (create the first admin)",
    usage: "admin create --email E --password P [--role admin|editor|reviewer|viewer]",
    load: async () => (await import("./cli/admin")).runAdmin,
  },
};

function help(): string {
  const lines = [
    "transfer-audit: dataset bias and transferability audits",
    "",
    "Usage: npx transfer-audit <command> [options]",
    "",
    "Commands:",
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`),
    "",
    "Run `npx transfer-audit <command> --help` for a command's options.",
    "The database is the embedded one in .data/ unless DATABASE_URL or POSTGRES_URL is set.",
  ];
  return lines.join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(help());
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command '${name}'.\n\n${help()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(`Usage: npx transfer-audit ${command.usage}`);
    return 0;
  }
  try {
    const run = await command.load();
    return await run(rest);
  } catch (e) {
    console.error(`transfer-audit ${name}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
