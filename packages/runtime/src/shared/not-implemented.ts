/** The one way to say an API is missing: a clear error instead of a silent no-op. */
export function notImplemented(api: string): never {
  throw new Error(
    `[kindling] ${api} is not implemented yet in Kindling's local runtime. Please open an issue if your worker needs it.`,
  );
}
