/** Nothing secret or stored is served over HTTP, whichever URL names it (secrets, credentials, configs, state). */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { copyFixture, startDevServer, type DevServer } from "./helpers/dev-server.js";

/** Every file's content carries "MARKER": a response that contains it leaked the file. */
const secretFiles: Record<string, string> = {
  ".dev.vars": "SECRET=DEV-VARS-MARKER\n",
  ".dev.vars.staging": "SECRET=DEV-VARS-STAGING-MARKER\n",
  ".env": "TOKEN=ENV-MARKER\n",
  ".env.local": "TOKEN=ENV-LOCAL-MARKER\n",
  ".npmrc": "//registry.npmjs.org/:_authToken=NPMRC-MARKER\n",
  ".yarnrc": "registry-token NPMRC-MARKER\n",
  ".yarnrc.yml": "npmAuthToken: YARNRC-MARKER\n",
  "certs/dev.key": "KEY-MARKER",
  "dev.pem": "PEM-MARKER",
  "dev.crt": "CRT-MARKER",
  "dev.pfx": "PFX-MARKER",
  "dev.p12": "P12-MARKER",
  "dev.p8": "P8-MARKER",
  "dev.jks": "JKS-MARKER",
};

/** The URLs that could reach `file` (relative to `root`) through Vite: plain, Vite's queries, /@fs/, percent-encoded. */
function urlsFor(root: string, file: string): string[] {
  const plain = `/${file}`;
  return [
    plain,
    `${plain}?raw`,
    `${plain}?import`,
    `${plain}?url`,
    `/@fs${path.join(root, file)}`,
    `/@fs${path.join(root, file)}?raw`,
    `/${file.replace(".", "%2E")}`,
    `/${encodeURIComponent(file)}`,
    `/${file}`.replace(/\//g, "//"),
  ];
}

async function expectDenied(server: DevServer, url: string): Promise<void> {
  const res = await server.fetch(url);
  const body = await res.text();
  expect({ url, status: res.status, leaked: body.includes("MARKER") }).toEqual({ url, status: 403, leaked: false });
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

describe("default layout", () => {
  let server: DevServer;
  beforeAll(async () => {
    server = await startDevServer("http-surface", { files: secretFiles });
    expect(await (await server.fetch("/seed")).text()).toBe("seeded");
  });
  afterAll(() => server?.stop());

  test("secret and credential files get a 403 without content through every path form", async () => {
    for (const file of Object.keys(secretFiles)) {
      for (const url of urlsFor(server.root, file)) await expectDenied(server, url);
    }
  });

  test("the wrangler config gets a 403 without content", async () => {
    for (const url of urlsFor(server.root, "wrangler.jsonc")) await expectDenied(server, url);
  });

  test("every file of the state directory (databases, WAL files, blobs) gets a 403 without content", async () => {
    const state = path.join(server.root, ".kindling/state");
    const files = filesUnder(state).map((file) => path.posix.join(".kindling/state", file));
    expect(files.some((file) => file.endsWith(".sqlite"))).toBe(true);
    expect(files.some((file) => file.includes(".blobs/"))).toBe(true);
    for (const file of files) {
      for (const url of urlsFor(server.root, file)) await expectDenied(server, url);
    }
  });

  test("the 403 names the path and why, not the file's content", async () => {
    const res = await server.fetch("/.dev.vars?raw");
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await res.text()).toMatchInlineSnapshot(`
      "[kindling] /.dev.vars is not served: it holds the worker's secrets (.dev.vars). The dev server never serves secrets, credentials, wrangler configs or binding state; rename the file if the browser is meant to load it.
      "
    `);
  });

  test("a denied name that is no file on disk goes to the worker, as in production", async () => {
    for (const url of ["/.dev.vars.production", "/.kindling/state/nothing-here"]) {
      const res = await server.fetch(url);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { url: string }).url).toBe(`${server.url.replace("127.0.0.1", "127.0.0.1")}${url}`);
    }
  });

  test("the app's own files are still served", async () => {
    const res = await server.fetch("/src/index.ts");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("laterRead");
    expect((await server.fetch("/@vite/client")).status).toBe(200);
  });
});

describe("state directory and wrangler config outside the root, with the user's own server.fs.deny and server.cors", () => {
  let server: DevServer;
  let outside: string;
  beforeAll(async () => {
    const root = copyFixture("http-surface");
    outside = `${root}-outside`;
    const config = fs.readFileSync(path.join(root, "wrangler.jsonc"), "utf8");
    fs.mkdirSync(path.join(outside, "config"), { recursive: true });
    fs.writeFileSync(
      path.join(outside, "config/worker.jsonc"),
      config.replace('"src/index.ts"', JSON.stringify(`../../${path.basename(root)}/src/index.ts`)),
    );
    fs.writeFileSync(path.join(outside, "config/.dev.vars"), "SECRET=OUTSIDE-DEV-VARS-MARKER\n");
    const base = path.basename(outside);
    server = await startDevServer("http-surface", {
      root,
      files: {
        "notes.secret": "USER-DENY-MARKER",
        ".env": "TOKEN=ENV-MARKER\n",
        "vite.config.ts": `import { defineConfig } from "vite";
import { kindling } from "@kindling/vite-plugin";

export default defineConfig({
  plugins: [kindling({ persist: "../${base}/state", configPath: "../${base}/config/worker.jsonc" })],
  server: { fs: { deny: ["*.secret"] }, cors: { origin: "https://app.example" } },
});
`,
      },
    });
    expect(await (await server.fetch("/seed")).text()).toBe("seeded");
  });
  afterAll(() => server?.stop());

  test("the custom state directory, the configPath file and its .dev.vars get a 403 through /@fs/", async () => {
    const state = path.join(outside, "state");
    const files = filesUnder(state).map((file) => path.join(state, file));
    expect(files.length).toBeGreaterThan(2);
    for (const file of [...files, path.join(outside, "config/worker.jsonc"), path.join(outside, "config/.dev.vars")]) {
      for (const url of [`/@fs${file}`, `/@fs${file}?raw`, `/@fs${file}?import`, `/@fs${encodeURI(file).replace(".", "%2E")}`]) {
        await expectDenied(server, url);
      }
    }
  });

  test("the user's own server.fs.deny still applies, and so do Kindling's defaults", async () => {
    await expectDenied(server, "/notes.secret");
    await expectDenied(server, "/notes.secret?raw");
    await expectDenied(server, "/.env");
  });

  test("an explicit server.cors applies Vite's CORS to the worker too: Vite answers the preflight", async () => {
    const res = await server.fetch("/cors", {
      method: "OPTIONS",
      headers: { origin: "https://app.example", "access-control-request-method": "PUT" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(res.headers.get("x-worker")).toBeNull();
  });
});
