/** What a call threw or a promise rejected with, as "Class name: message" (for wording tests). */

export function thrown(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return `${(error as Error).constructor.name} ${(error as Error).name}: ${(error as Error).message}`;
  }
  return "did not throw";
}

export async function rejected(pending: Promise<unknown>): Promise<string> {
  return pending.then(
    () => "did not reject",
    (error: Error) => `${error.constructor.name} ${error.name}: ${error.message}`,
  );
}

/** What a call threw as "name: message", without the class (Node's and workerd's fetch classes share their names). */
export function thrownMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  return "did not throw";
}

export async function rejectedMessage(pending: Promise<unknown>): Promise<string> {
  return pending.then(
    () => "did not reject",
    (error: Error) => `${error.name}: ${error.message}`,
  );
}
