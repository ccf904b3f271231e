/** The assets binding (`assets.binding` in wrangler config): a Fetcher the host's asset server answers. */
import type { BindingDescriptor } from "../../protocol/bindings.js";
import type { BindingContext } from "../context.js";
import { Fetcher } from "./fetcher.js";
import type { TraceSpec } from "../traced-binding.js";

export { Fetcher } from "./fetcher.js";

export function createAssetsBinding(_descriptor: BindingDescriptor<"assets">, { host }: Pick<BindingContext, "host">): Fetcher {
  return new Fetcher((request) => host.call("assets", "fetch", request));
}

/** `env.ASSETS.fetch()` shown in request traces. */
export const assetsTrace: TraceSpec = {
  fetch: {
    detail: (args) => (args[0] instanceof Request ? args[0].url : String(args[0])),
    result: (value) => String((value as Response).status),
  },
};
