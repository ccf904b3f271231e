import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createDnsModules } from "./dns-module.js";

// A loopback DNS-over-HTTPS server answering as cloudflare-dns.com does (application/dns-json).
const records: Record<string, { type: number; data: string }[]> = {
  "example.test A": [{ type: 1, data: "192.0.2.1" }],
  "example.test AAAA": [{ type: 28, data: "2001:db8::1" }],
  "example.test MX": [{ type: 15, data: "10 mail.example.test." }],
  "example.test TXT": [{ type: 16, data: '"v=spf1""-all"' }],
};
const seen: string[] = [];
let server: Server;
let origin = "";
const realFetch = globalThis.fetch;

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url!, "http://x");
    const [name, type] = [url.searchParams.get("name")!, url.searchParams.get("type")!];
    seen.push(`${url.pathname}?name=${name}&type=${type} accept=${request.headers.accept}`);
    const answer = records[`${name} ${type}`]?.map((r) => ({ name, TTL: 300, ...r }));
    response.setHeader("content-type", "application/dns-json");
    response.end(JSON.stringify({ Status: answer ? 0 : 3, Question: [{ name, type: 1 }], ...(answer && { Answer: answer }) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The worker's fetch, pointed at the loopback resolver instead of cloudflare-dns.com.
  globalThis.fetch = (input, init) => {
    const url = new URL(String(input));
    expect(url.origin).toBe("https://cloudflare-dns.com");
    return realFetch(`${origin}${url.pathname}${url.search}`, init);
  };
});

afterAll(async () => {
  globalThis.fetch = realFetch;
  await new Promise((resolve) => server.close(resolve));
});

test("queries go over DNS-over-HTTPS through the worker's fetch, answers shaped as Node.js's", async () => {
  const { dns, promises } = createDnsModules();
  const api = promises as Record<string, (...args: unknown[]) => Promise<unknown>>;
  expect(await api.lookup!("example.test")).toEqual({ address: "192.0.2.1", family: 4 });
  expect(await api.lookup!("example.test", { family: 6, all: true })).toEqual([{ address: "2001:db8::1", family: 6 }]);
  expect(await api.lookup!("127.0.0.1")).toEqual({ address: "127.0.0.1", family: 4 });
  expect(await api.resolve4!("example.test", { ttl: true })).toEqual([{ address: "192.0.2.1", ttl: 300 }]);
  expect(await api.resolveMx!("example.test")).toEqual([{ exchange: "mail.example.test", priority: 10 }]);
  expect(await api.resolveTxt!("example.test")).toEqual([["v=spf1", "-all"]]);
  const callback = await new Promise((resolve) =>
    (dns.lookup as (...args: unknown[]) => void)("example.test", 4, (...args: unknown[]) => resolve(args)),
  );
  expect(callback).toEqual([null, "192.0.2.1", 4]);
  expect(seen).toContain("/dns-query?name=example.test&type=MX accept=application/dns-json");
  expect((dns.getServers as () => string[])()).toEqual(["1.1.1.1", "2606:4700:4700::1111", "1.0.0.1", "2606:4700:4700::1001"]);
});

test("failures carry workerd's DnsError codes and wording", async () => {
  const api = createDnsModules().promises as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => "resolved",
      (error: Error & { code?: string; syscall?: string; hostname?: string }) =>
        `${error.code} ${error.syscall} ${error.hostname}: ${error.message}`,
    );
  expect(await failure(api.resolve4!("missing.test"))).toMatchInlineSnapshot(
    `"ENOTFOUND queryA missing.test: queryA ENOTFOUND missing.test"`,
  );
  expect(await failure(api.lookup!("missing.test"))).toMatchInlineSnapshot(
    `"ENOTFOUND queryA missing.test: queryA ENOTFOUND missing.test"`,
  );
  globalThis.fetch = () => Promise.reject(new TypeError("fetch failed"));
  expect(await failure(api.lookup!("localhost", { family: 4 }))).toMatchInlineSnapshot(
    `"EBADQUERY queryA localhost: queryA EBADQUERY localhost"`,
  );
  expect(() => api.resolve4!(1)).toThrowErrorMatchingInlineSnapshot(
    `[TypeError: The "name" argument must be of type string. Received type number (1)]`,
  );
  expect(() => api.setServers!(["8.8.8.8"])).toThrowErrorMatchingInlineSnapshot(`[Error: Not implemented]`);
});
