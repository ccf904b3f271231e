/**
 * `version_metadata`: the Worker version's id, tag and upload time. Each generation is a new
 * version of the code, so it gets a fresh id and its own timestamp; the tag is empty, as for an
 * upload without `--tag` (and as `wrangler dev` reports it).
 */
import { randomUUID } from "node:crypto";
import type { BindingDescriptor } from "../../protocol/bindings.js";
import type { BindingContext } from "../context.js";

export interface WorkerVersionMetadata {
  readonly id: string;
  readonly tag: string;
  readonly timestamp: string;
}

/** One per generation (the registry runs once per generation), shared by every binding of the kind. */
let current: WorkerVersionMetadata | undefined;

export function createVersionMetadata(
  _descriptor: BindingDescriptor<"version_metadata">,
  { clock }: Pick<BindingContext, "clock">,
): WorkerVersionMetadata {
  current ??= { id: randomUUID(), tag: "", timestamp: new Date(clock.now()).toISOString() };
  return { ...current };
}
