/**
 * `secrets_store_secrets`: `await env.SECRET.get()` reads the secret from a local store in the
 * state directory, set with `kindling secrets-store secret put <store_id> <name>`.
 */
import type { BindingDescriptor } from "../../protocol/bindings.js";
import { statePaths } from "../../storage/state-path.js";
import type { BindingContext } from "../context.js";
import { SecretsStoreStorage } from "./storage.js";
import type { TraceSpec } from "../traced-binding.js";

export { SecretsStoreStorage, type StoredSecret } from "./storage.js";

/** The local store of `storeId` (the CLI writes it, bindings read it). */
export function secretsStoreFile(persist: string, storeId: string): string {
  return statePaths(persist, "secrets-store", storeId).database;
}

export class SecretsStoreSecret {
  #name: string;
  #storage: SecretsStoreStorage;

  constructor(name: string, storage: SecretsStoreStorage) {
    this.#name = name;
    this.#storage = storage;
  }

  async get(): Promise<string> {
    const value = this.#storage.get(this.#name);
    // Cloudflare's wording for a secret the store does not hold.
    if (value === null) throw new Error(`Secret "${this.#name}" not found`);
    return value;
  }
}

export function createSecretsStoreSecret(
  descriptor: BindingDescriptor<"secrets_store_secret">,
  { persist }: Pick<BindingContext, "persist">,
): SecretsStoreSecret {
  return new SecretsStoreSecret(descriptor.secretName, new SecretsStoreStorage(secretsStoreFile(persist, descriptor.storeId)));
}

/** Secret reads shown in request traces (never the value). */
export const secretsStoreTrace: TraceSpec = { get: {} };
