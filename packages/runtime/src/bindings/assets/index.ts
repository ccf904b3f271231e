/** The assets binding (`assets.binding` in wrangler config): a Fetcher the host's asset server answers. */
import type { BindingDescriptor } from "../../protocol/bindings.js";
import type { BindingContext } from "../context.js";
import { Fetcher } from "./fetcher.js";

export { Fetcher } from "./fetcher.js";

export function createAssetsBinding(_descriptor: BindingDescriptor<"assets">, { host }: Pick<BindingContext, "host">): Fetcher {
  return new Fetcher((request) => host.call("assets", "fetch", request));
}
