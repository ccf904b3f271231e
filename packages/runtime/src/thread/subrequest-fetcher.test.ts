import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "vitest";
import { workerdFetchClasses } from "./scope/fetch-wording.js";
import { setRequestFetcher } from "../web/request-fetcher.js";
import { Fetcher } from "../rpc/fetcher.js";
import { subrequestFetcher } from "./subrequest-fetcher.js";

const { Request: Req } = workerdFetchClasses({ Headers, Request, Response }) as unknown as {
  Request: new (input: string) => { fetcher: unknown; clone(): { fetcher: unknown } };
};

test("a delivered request's fetcher is a Fetcher whose fetch() sends a subrequest; a constructed one has none", async () => {
  const server = createServer((request, response) => response.end(`${request.method} ${request.url}`));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const delivered = new Req("http://example.com/");
    setRequestFetcher(delivered, subrequestFetcher());
    const fetcher = delivered.fetcher as unknown as { fetch: typeof fetch };
    expect([fetcher instanceof Fetcher, Object.prototype.toString.call(fetcher), delivered.clone().fetcher]).toEqual([
      true,
      "[object Fetcher]",
      fetcher,
    ]);
    const port = (server.address() as AddressInfo).port;
    expect(await (await fetcher.fetch(`http://127.0.0.1:${port}/sub`, { method: "PUT" })).text()).toBe("PUT /sub");
    expect(new Req("http://example.com/").fetcher).toBeNull();
  } finally {
    server.close();
  }
});
