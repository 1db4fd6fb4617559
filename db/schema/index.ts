export * from "./audits";
export * from "./auth";
export * from "./datasets";
export * from "./embeddings";
export * from "./jobs";
export * from "./models";
export * from "./results";
