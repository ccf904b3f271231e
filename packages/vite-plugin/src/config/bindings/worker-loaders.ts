/** `worker_loaders` -> Worker Loader descriptors (`env.LOADER.get(id, callback)`). */
import { z } from "zod";
import { defineConfigUnit } from "./define.js";

const loader = z.looseObject({ binding: z.string().min(1) });

export const workerLoadersConfig = defineConfigUnit({
  shape: { worker_loaders: z.array(loader).optional() },
  read: (config) => (config.worker_loaders ?? []).map(({ binding }) => ({ type: "worker_loader", name: binding })),
});
