#!/usr/bin/env node
// The `transfer-audit` command: runs the TypeScript CLI through tsx, from any directory.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
process.env.TA_ROOT ??= root;
register({ tsconfig: path.join(root, "tsconfig.json") });
const { main } = await import(path.join(root, "scripts/cli.ts"));
process.exitCode = await main(process.argv.slice(2));
