import { expect, test } from "vitest";
import { Events } from "./events.js";
import { runFetchEvent, type FetchEventContext } from "./fetch-event.js";

/** Runs a fetch event whose handler waits until the test aborts the event, then reports its request's signal. */
async function abortMidRequest(requestSignal: boolean) {
  const events = new Events(
    () => {},
    () => {},
  );
  let seen: Request | undefined;
  let entered!: () => void;
  const inHandler = new Promise<void>((resolve) => (entered = resolve));
  const context: FetchEventContext = {
    namespace: {
      default: {
        fetch: (request: Request) => {
          seen = request;
          entered();
          return new Promise(() => {}); // answers only when the client is gone
        },
      },
    },
    env: {},
    track: () => {},
    entrypoint: "default",
    props: {},
    passThrough: true,
    requestSignal,
  };
  const outcome = runFetchEvent({ method: "GET", url: "http://localhost/", headers: [], body: null }, events.begin(7), context);
  await inHandler;
  events.abort(7, "The client disconnected.");
  const error = await outcome.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  return { error, signal: seen!.signal };
}

test("with enable_request_signal, the client going away aborts request.signal and ends the event", async () => {
  const { error, signal } = await abortMidRequest(true);
  expect(error).toMatchInlineSnapshot(`[Error: The client disconnected.]`);
  expect(signal.aborted).toBe(true);
  expect(signal.reason).toBe(error);
});

test("without enable_request_signal, request.signal never aborts (as production), but the event still ends", async () => {
  const { error, signal } = await abortMidRequest(false);
  expect(error).toMatchInlineSnapshot(`[Error: The client disconnected.]`);
  expect(signal.aborted).toBe(false);
});

test("ctx.abort() before the signal is first read still aborts it", async () => {
  const events = new Events(
    () => {},
    () => {},
  );
  const event = events.begin();
  event.abort(new Error("stop"));
  await expect(event.aborted).rejects.toThrow("stop");
  expect(event.signal().aborted).toBe(true);
  expect(event.signal().reason).toMatchInlineSnapshot(`[Error: stop]`);
});
