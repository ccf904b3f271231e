/**
 * workerd's own globals through a worker on a dev server: HTMLRewriter (lol-html's WebAssembly,
 * loaded in a request although the worker itself may not compile WebAssembly from bytes) rewrites a
 * streamed page; FixedLengthStream, crypto.DigestStream, MD5, timingSafeEqual and UTC answer as workerd.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, type DevServer } from "./helpers/dev-server.js";

let server: DevServer;
beforeAll(async () => {
  // A zone away from UTC for the dev server, which the worker must not see.
  server = await startDevServer("workerd-globals", { env: { TZ: "America/New_York" } });
});
afterAll(() => server?.stop());

test("HTMLRewriter rewrites a streamed page with sync and async handlers, keeping the headers", async () => {
  const response = await server.fetch("/rewrite");
  expect(response.headers.get("x-origin")).toBe("kept");
  expect(await response.text()).toBe(
    '<!DOCTYPE html><html><head><title>rewritten</title></head><body><a href="https://example.com/x">x</a><p>text</p></body></html><!--done-->',
  );
});

test("workerd's stream classes, Web Crypto extensions and UTC time zone", async () => {
  expect(await (await server.fetch("/extensions")).json()).toEqual({
    fixed: "abc",
    md5: "900150983cd24fb0d6963f7d28e17f72",
    digestStream: "900150983cd24fb0d6963f7d28e17f72",
    timingSafeEqual: true,
    date: "Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)",
    timeZone: "UTC",
  });
});
