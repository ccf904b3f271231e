/**
 * With nodejs_compat, before workerd's own `node:console` (compatibility date 2025-09-21, or the
 * `enable_nodejs_console_module` flag), the official plugin's unenv preset adds Node's undocumented
 * console members to the global console: `Console`, `_ignoreErrors`, `_stdout`, `_stderr`, `_times`
 * and the two error handlers. Their streams discard what is written, as unenv's do.
 */
import { Console } from "node:console";
import { Writable } from "node:stream";
import type { GenerationConfig } from "../../protocol/messages.js";
import type { CompatibilityFlags } from "../../shared/compatibility.js";

const discarding = () => new Writable({ write: (_chunk, _encoding, done) => done() });

export function addUnenvConsoleMembers(
  console: Console,
  flags: CompatibilityFlags,
  config: Pick<GenerationConfig, "compatibilityDate" | "compatibilityFlags">,
): void {
  const listed = config.compatibilityFlags ?? [];
  const nativeModule =
    (config.compatibilityDate >= "2025-09-21" || listed.includes("enable_nodejs_console_module")) &&
    !listed.includes("disable_nodejs_console_module");
  if (!flags.nodejs_compat || nativeModule) return;
  Object.assign(console, {
    Console,
    _ignoreErrors: true,
    _stderr: discarding(),
    _stdout: discarding(),
    _times: new Map(),
    _stderrErrorHandler: () => {},
    _stdoutErrorHandler: () => {},
  });
}
