/** `cloudflare:workflows`, as seen by user code inside a generation. */

/** Thrown from a step (or `run()`), it fails the Workflow instance at once, without retries. */
export class NonRetryableError extends Error {
  constructor(message: string, name = "NonRetryableError") {
    super(message);
    this.name = name;
  }
}
