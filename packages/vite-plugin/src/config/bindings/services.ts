/** `services` -> service binding descriptors (fetch and RPC to an entrypoint of a worker, found by its name). */
import { z } from "zod";
import { defineConfigUnit } from "./define.js";

const serviceBinding = z.looseObject({
  binding: z.string().min(1),
  /** The worker's name: one of this dev server's workers, or one another dev server on this machine runs. */
  service: z.string().min(1),
  /** A named export of that worker (a `WorkerEntrypoint`); absent: its default export. */
  entrypoint: z.string().min(1).optional(),
  /** `ctx.props` of the entrypoint. */
  props: z.record(z.string(), z.unknown()).optional(),
});

export const servicesConfig = defineConfigUnit({
  shape: { services: z.array(serviceBinding).optional() },
  read: (config) =>
    (config.services ?? []).map(({ binding, service, entrypoint, props }) => ({
      type: "service",
      name: binding,
      service,
      ...(entrypoint !== undefined ? { entrypoint } : {}),
      ...(props !== undefined ? { props } : {}),
    })),
});
