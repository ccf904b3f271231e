/** A failure the CLI reports as its message alone (no stack), then exits with status 1. */
export class CliError extends Error {
  override name = "CliError";
}
