/** Runs the handler, then waits for its waitUntil() work; returns the first error, if any. */
export async function settle(run: () => unknown, waitUntil: Promise<unknown>[]): Promise<unknown> {
  try {
    await run();
    for (let i = 0; i < waitUntil.length; i++) await waitUntil[i];
    return undefined;
  } catch (error) {
    return error ?? new Error("The handler threw undefined.");
  }
}
