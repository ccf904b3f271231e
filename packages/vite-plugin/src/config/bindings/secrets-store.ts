/** `secrets_store_secrets` -> Secrets Store secret descriptors (values from the local store, see `kindling secrets-store`). */
import { z } from "zod";
import { defineConfigUnit } from "./define.js";

const secret = z.looseObject({ binding: z.string().min(1), store_id: z.string().min(1), secret_name: z.string().min(1) });

export const secretsStoreConfig = defineConfigUnit({
  shape: { secrets_store_secrets: z.array(secret).optional() },
  read: (config) =>
    (config.secrets_store_secrets ?? []).map((entry) => ({
      type: "secrets_store_secret",
      name: entry.binding,
      storeId: entry.store_id,
      secretName: entry.secret_name,
    })),
});
