import type { NextConfig } from "next";

// Native and WebAssembly packages stay outside the bundle and load from node_modules at run time.
const serverExternalPackages = [
  "@electric-sql/pglite",
  "@tensorflow/tfjs",
  "@tensorflow/tfjs-backend-wasm",
  "@tensorflow/tfjs-node",
  "onnxruntime-node",
  "onnx-proto",
  "sharp",
  "pg",
  "pg-boss",
  "@vercel/postgres",
  "@neondatabase/serverless",
  "ws",
  "@node-rs/argon2",
  "yauzl",
  "ml-matrix",
  "umap-js",
  "drizzle-orm",
];

const config: NextConfig = {
  serverExternalPackages,
  poweredByHeader: false,
  typedRoutes: false,
  // `npm test` runs tsc over the whole project; the build need not type-check it a second time.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    serverActions: { bodySizeLimit: "200mb" },
  },
};

export default config;
