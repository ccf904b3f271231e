/**
 * The worker's global scope, shaped like workerd's for its compatibility date and flags. Installed
 * when a generation starts (a thread serves one generation, so nothing is ever undone); the
 * runtime's own code does not read these globals (its bundle imports Node's, scripts/bundle-thread.mjs).
 */
import type { GenerationConfig } from "../../protocol/messages.js";
import { resolveCompatibility, type CompatibilityFlags } from "../../shared/compatibility.js";
import { Cache, CacheStorage } from "../../bindings/cache/index.js";
import { installGlobalObject } from "./global-object.js";
import { webSocketInternals } from "../../web/web-socket.js";
import { installWorkerTimers } from "./timers.js";
import { createCloudflare, createNavigator, createPerformance, createScheduler, runtimeClasses } from "./web-globals.js";
import { createConsole } from "./console.js";
import { installNodeGlobals } from "./node-globals.js";
import { refuseCodeGeneration } from "./codegen-gate.js";
import { withWorkerHeaders } from "./outbound-fetch.js";
import { installWebWording } from "./web-wording.js";
import { installWorkerdStreams } from "./workerd-streams.js";
import { installWebCryptoExtensions } from "./web-crypto-extensions.js";
import { installCryptoWording } from "./crypto-wording.js";
import { installUtcTimeZone } from "./utc-time-zone.js";
import { HTMLRewriter } from "./html-rewriter/html-rewriter.js";
import { addUnenvConsoleMembers } from "./unenv-console.js";
import { EventSource } from "./event-source.js";

export interface GlobalScope {
  flags: CompatibilityFlags;
  /** The entry has been evaluated: startup is over (code generation is refused from now on). */
  startupDone(): void;
}

export function installGlobalScope(
  config: Pick<GenerationConfig, "compatibilityDate" | "compatibilityFlags" | "vars" | "workerName">,
): GlobalScope {
  const g = globalThis as unknown as Record<string, unknown>;
  const flags = resolveCompatibility(config.compatibilityDate, config.compatibilityFlags);
  installGlobalObject(g);
  webSocketInternals.setDefaultBinaryType(flags.websocket_standard_binary_type ? "blob" : "arraybuffer");
  const timers = installWorkerTimers(g, flags);
  const { Navigator, navigator } = createNavigator(flags);
  g.Navigator = Navigator;
  // Node 21+ has its own navigator, a getter without a setter: replaced, not assigned.
  if (flags.global_navigator) replaceGlobal(g, "navigator", navigator);
  else delete g.navigator;
  const { Performance, performance } = createPerformance(flags);
  replaceGlobal(g, "performance", performance);
  if (flags.nodejs_compat) g.Performance = Performance;
  else delete g.Performance;
  g.scheduler = createScheduler(timers.setTimeout as never, timers.clearTimeout);
  Object.assign(g, runtimeClasses(), { Cache, CacheStorage, Cloudflare: createCloudflare(flags) });
  g.console = createConsole(g.console as Console);
  addUnenvConsoleMembers(g.console as Console, flags, config);
  const nodeFetch = g.fetch as typeof fetch;
  g.fetch = withWorkerHeaders(nodeFetch, config.workerName);
  installWorkerdStreams(g);
  installWebCryptoExtensions();
  installCryptoWording();
  installUtcTimeZone(g);
  g.HTMLRewriter = HTMLRewriter;
  g.EventSource = EventSource;
  installWebWording(g);
  installNodeGlobals(g, config, flags, config.vars, withWorkerHeaders(nodeFetch, config.workerName, { encodedBody: true }));
  if (!flags.allow_eval_during_startup) refuseCodeGeneration(g);
  return {
    flags,
    startupDone: () => {
      if (flags.allow_eval_during_startup) refuseCodeGeneration(g);
    },
  };
}

/** A data property in place of Node's (an accessor on newer Nodes), enumerable as Node's was. */
function replaceGlobal(g: Record<string, unknown>, name: string, value: unknown): void {
  const enumerable = Object.getOwnPropertyDescriptor(g, name)?.enumerable ?? true;
  Object.defineProperty(g, name, { value, writable: true, configurable: true, enumerable });
}
