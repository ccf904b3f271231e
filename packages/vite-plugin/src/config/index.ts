export { resolveWorkerConfig, type ResolvedWorkerConfig } from "./resolve-worker-config.js";
export { KindlingConfigError } from "./errors.js";
