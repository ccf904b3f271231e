import { expect, test } from "vitest";
import { PendingChanges } from "./pending-changes.js";

/** Resolves to the names of the promises that have settled so far (after pending microtasks ran). */
async function settledOf(promises: Record<string, Promise<void>>): Promise<string[]> {
  const done: string[] = [];
  for (const [name, promise] of Object.entries(promises)) void promise.then(() => done.push(name));
  await new Promise((resolve) => setImmediate(resolve));
  return done.toSorted();
}

test("with nothing observed, a request does not wait", async () => {
  const changes = new PendingChanges();
  expect(changes.pending).toBe(false);
  expect(await settledOf({ now: changes.settled() })).toEqual(["now"]);
});

test("a request waits for the build that read the code after the last change before it, not for later builds", async () => {
  const changes = new PendingChanges();
  changes.observe(); // change 1
  const first = changes.startBuild(); // build A reads the code: covers change 1
  const duringA = changes.settled(); // arrives while A builds
  changes.observe(); // change 2, while A builds
  const afterChange2 = changes.settled(); // A is stale for this one
  changes.built(first);
  expect(await settledOf({ duringA, afterChange2 })).toEqual(["duringA"]);

  const second = changes.startBuild(); // build B covers change 2
  changes.observe(); // change 3, while B builds: a later change than afterChange2 saw
  const afterChange3 = changes.settled();
  changes.built(second);
  expect(await settledOf({ afterChange2, afterChange3 })).toEqual(["afterChange2"]);
  expect(changes.pending).toBe(true);

  changes.built(changes.startBuild());
  expect(await settledOf({ afterChange3 })).toEqual(["afterChange3"]);
  expect(changes.pending).toBe(false);
});

test("changes observed before a build read the code are covered by it (coalesced)", async () => {
  const changes = new PendingChanges();
  changes.observe();
  const early = changes.settled();
  changes.observe();
  changes.observe();
  const late = changes.settled();
  changes.built(changes.startBuild());
  expect(await settledOf({ early, late })).toEqual(["early", "late"]);
});

test("releaseAll wakes every waiter (shutdown)", async () => {
  const changes = new PendingChanges();
  changes.observe();
  const waiting = changes.settled();
  changes.releaseAll();
  expect(await settledOf({ waiting })).toEqual(["waiting"]);
});

test("a superseding change makes the requests waiting for the build in progress wait for the next one", async () => {
  const changes = new PendingChanges();
  changes.observe(); // an edit
  const first = changes.startBuild(); // build A reads the code
  const duringA = changes.settled();
  changes.observeSuperseding(); // the optimizer re-bundled while A loaded
  changes.built(first);
  expect(await settledOf({ duringA })).toEqual([]);
  changes.built(changes.startBuild()); // build B
  expect(await settledOf({ duringA })).toEqual(["duringA"]);
});
