/**
 * `ctx` of getPlatformProxy(): as wrangler's, an ExecutionContext whose methods do nothing (there
 * is no request whose life `waitUntil` could extend; a script awaits its own work).
 */
export class PlatformContext {
  readonly props: Record<string, unknown> = {};

  waitUntil(promise: Promise<unknown>): void {
    // Not awaited by anyone, as in wrangler's getPlatformProxy; a rejection must not crash the script.
    void Promise.resolve(promise).catch(() => {});
  }

  passThroughOnException(): void {}
}
