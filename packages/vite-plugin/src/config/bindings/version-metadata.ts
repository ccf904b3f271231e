/** `version_metadata` -> the version metadata binding (each generation is a version). */
import { z } from "zod";
import { defineConfigUnit } from "./define.js";

export const versionMetadataConfig = defineConfigUnit({
  shape: { version_metadata: z.looseObject({ binding: z.string().min(1) }).optional() },
  read: (config) => (config.version_metadata ? [{ type: "version_metadata", name: config.version_metadata.binding }] : []),
});
