// Entry of an embedding worker thread. A worker starts as plain Node, which cannot load TypeScript, so
// it registers tsx's ESM loader for this thread first, then imports the TypeScript body. This works the
// same when the parent runs under tsx, under vitest, or as plain `node` with tsx installed.
import { register } from "tsx/esm/api";

register();
await import("./worker-main.ts");
