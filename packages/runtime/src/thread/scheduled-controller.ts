/** The `controller` of a `scheduled(controller, env, ctx)` event. */
export class ScheduledController {
  readonly scheduledTime: number;
  readonly cron: string;
  #noRetry = false;

  constructor(scheduledTime: number, cron: string) {
    this.scheduledTime = scheduledTime;
    this.cron = cron;
  }

  noRetry(): void {
    this.#noRetry = true;
  }

  static noRetryRequested(controller: ScheduledController): boolean {
    return controller.#noRetry;
  }
}
