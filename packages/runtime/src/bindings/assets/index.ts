/** The assets binding (`assets.binding` in wrangler config). */
import type { BindingDescriptor } from "../../protocol/bindings.js";
import { assetsChannelName } from "../../protocol/assets.js";
import type { BindingContext } from "../context.js";
import { Fetcher } from "./fetcher.js";

export { Fetcher } from "./fetcher.js";

export function createAssetsBinding(
  _descriptor: BindingDescriptor<"assets">,
  { persist, workerName }: Pick<BindingContext, "persist" | "workerName">,
): Fetcher {
  return new Fetcher(assetsChannelName(persist, workerName));
}
