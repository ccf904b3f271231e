import { moduleRunnerTransform } from "vite";
import { expect, test } from "vitest";
import { isServiceWorkerCode } from "./detect.js";

const formatOf = async (source: string) => {
  const transformed = await moduleRunnerTransform(source, null, "/entry.js", source);
  return isServiceWorkerCode(transformed!.code) ? "service-worker" : "modules";
};

test("an entry that exports nothing is a service worker, as wrangler guesses the format", async () => {
  expect(await formatOf(`addEventListener("fetch", (e) => e.respondWith(new Response("x")));`)).toBe("service-worker");
  expect(await formatOf(`import { run } from "./app.js"; run(); export {};`)).toBe("service-worker");
  expect(await formatOf(`const m = await import("./lazy.js"); addEventListener("fetch", m.handle);`)).toBe("service-worker");
});

test("an entry with any export (default, named, re-exported) is an ES module worker", async () => {
  expect(await formatOf(`export default { fetch() { return new Response("x"); } };`)).toBe("modules");
  expect(await formatOf(`const handler = {}; export { handler };`)).toBe("modules");
  expect(await formatOf(`export * from "./worker.js";`)).toBe("modules");
  expect(await formatOf(`export { default } from "./worker.js";`)).toBe("modules");
});
