import type { NextConfig } from "next";
import { servedOverHttps, serverActionAllowedOrigins, staticSecurityHeaders } from "./lib/security/headers";

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
  "nsfwjs",
];

const config: NextConfig = {
  serverExternalPackages,
  poweredByHeader: false,
  typedRoutes: false,
  // `npm test` runs tsc over the whole project; the build need not type-check it a second time.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    // Next refuses a server action whose Origin is not the request's own host (CSRF); these are
    // extra hosts allowed behind a proxy that rewrites Host (TA_ALLOWED_ORIGINS, lib/security/headers.ts).
    serverActions: { bodySizeLimit: "200mb", allowedOrigins: serverActionAllowedOrigins() },
  },
  // Security headers on every response; the nonce-based Content-Security-Policy is set per request
  // by proxy.ts (lib/security/headers.ts explains both).
  async headers() {
    return [{ source: "/:path*", headers: staticSecurityHeaders({ https: servedOverHttps() }) }];
  },
};

export default config;
