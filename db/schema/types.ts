import { customType } from "drizzle-orm/pg-core";

/**
 * Binary column. PGlite hands back Uint8Array, node-postgres a Buffer: normalise to Uint8Array
 * so callers never care which driver is underneath.
 */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array | Buffer | string }>({
  dataType: () => "bytea",
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => {
    if (typeof value === "string") {
      // Text form "\x0a0b..." (seen through some proxies).
      return new Uint8Array(Buffer.from(value.startsWith("\\x") ? value.slice(2) : value, "hex"));
    }
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  },
});
