/**
 * workerd's default abort reason: `controller.abort()` and `AbortSignal.abort()` without a reason
 * give a DOMException "The operation was aborted" (Node's says "This operation was aborted"). Every
 * rejection that hands on `signal.reason` (fetch, scheduler.wait, throwIfAborted) shows it.
 */

/** The reason workerd gives an abort without one. */
export const defaultAbortReason = (): DOMException => new DOMException("The operation was aborted", "AbortError");

export function installAbortWording(g: { AbortController: typeof AbortController; AbortSignal: typeof AbortSignal }): void {
  const abort = g.AbortController.prototype.abort;
  Object.defineProperty(g.AbortController.prototype, "abort", {
    value: {
      abort(this: AbortController, reason?: unknown): void {
        abort.call(this, reason === undefined ? defaultAbortReason() : reason);
      },
    }.abort,
    writable: true,
    configurable: true,
    enumerable: Object.getOwnPropertyDescriptor(g.AbortController.prototype, "abort")?.enumerable ?? true,
  });
  const abortSignal = g.AbortSignal.abort;
  Object.defineProperty(g.AbortSignal, "abort", {
    value: {
      abort(this: typeof AbortSignal, reason?: unknown): AbortSignal {
        return abortSignal.call(this, reason === undefined ? defaultAbortReason() : reason);
      },
    }.abort,
    writable: true,
    configurable: true,
    enumerable: Object.getOwnPropertyDescriptor(g.AbortSignal, "abort")?.enumerable ?? true,
  });
}
