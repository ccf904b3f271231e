/**
 * A framework app (React Router 7) built with `vite build`, then the output on real workerd
 * (miniflare 4: the built worker, its bindings and the client assets) answering its SSR routes,
 * its form action and its client assets as `vite dev` does.
 */
import fs from "node:fs";
import path from "node:path";
import { Miniflare, supportedCompatibilityDate } from "miniflare";
import { afterAll, beforeAll, expect, test } from "vitest";
import { copyFixture, startDevServer, viteBuild, type DevServer } from "./helpers/dev-server.js";

let root: string;
let dev: DevServer | undefined;
let workerd: Miniflare | undefined;

beforeAll(async () => {
  root = copyFixture("react-router-7");
  await viteBuild(root);
});
afterAll(async () => {
  await dev?.stop();
  await workerd?.dispose();
});

const text = (html: string, id: string) => html.match(new RegExp(`id="${id}"[^>]*>([^<]*)<`))?.[1];

/** What a client can tell apart, leaving out what differs by design (dev's module URLs, the generation). */
async function answers(fetch: (path: string, init?: RequestInit) => Promise<Response>): Promise<string[]> {
  const out: string[] = [];
  const home = await fetch("/");
  const homeHtml = await home.text();
  out.push(
    `/ ${home.status} ${home.headers.get("content-type")} ${text(homeHtml, "heading")} | ${text(homeHtml, "message")} | ${text(homeHtml, "context")}`,
  );
  // The client entry the page loads (dev's stylesheet comes through Vite's client, the build's is a link: below).
  out.push(await asset(fetch, homeHtml.match(/import\("([^"]+)"\)/)?.[1]));
  const form = new URLSearchParams({ text: "built note" });
  const action = await fetch("/notes", { method: "POST", body: form, redirect: "manual" });
  out.push(`POST /notes ${action.status} ${action.headers.get("location")}`);
  const notes = await fetch("/notes?added=built%20note");
  const notesHtml = await notes.text();
  out.push(`/notes ${notes.status} ${text(notesHtml, "added")} | ${notesHtml.match(/<ul id="notes">(.*?)<\/ul>/)?.[1]}`);
  const data = await fetch("/notes.data");
  out.push(`/notes.data ${data.status} ${data.headers.get("content-type")} ${(await data.text()).includes("built note")}`);
  const missing = await fetch("/nope");
  out.push(`/nope ${missing.status} ${missing.headers.get("content-type")}`);
  return out;
}

async function asset(fetch: (path: string) => Promise<Response>, href: string | undefined): Promise<string> {
  const response = href ? await fetch(href) : undefined;
  const body = response ? await response.text() : "";
  return `${href ? "asset" : "no asset"} ${response?.status} ${response?.headers.get("content-type")?.replace(/;.*/, "")} ${body.length > 0}`;
}

test("the built React Router app on workerd answers its routes and serves its assets as vite dev does", async () => {
  const outDir = path.join(root, "build/server");
  const config = JSON.parse(fs.readFileSync(path.join(outDir, "wrangler.json"), "utf8"));
  expect(config.assets).toEqual({ directory: "../client" });
  workerd = new Miniflare({
    // Every module of the bundle, listed as wrangler uploads them (React Router's bundled client code has
    // a dynamic import() that miniflare's own module walk refuses).
    modulesRoot: outDir,
    modules: (fs.readdirSync(outDir, { recursive: true }) as string[])
      .filter((file) => file.endsWith(".js"))
      .toSorted((a, b) => Number(b === config.main) - Number(a === config.main))
      .map((file) => ({ type: "ESModule" as const, path: path.join(outDir, file) })),
    compatibilityDate: [config.compatibility_date, supportedCompatibilityDate].toSorted()[0],
    bindings: config.vars,
    kvNamespaces: Object.fromEntries(config.kv_namespaces.map((kv: { binding: string; id: string }) => [kv.binding, kv.id])),
    assets: { directory: path.resolve(outDir, config.assets.directory), routerConfig: { has_user_worker: true } },
  });
  const onWorkerd = await answers((p, init) => workerd!.dispatchFetch(`http://localhost${p}`, init as never) as never);
  const homeHtml = await (await workerd.dispatchFetch("http://localhost/")).text();
  const stylesheet = homeHtml.match(/<link rel="stylesheet" href="([^"]+)"/)?.[1];
  expect(stylesheet).toMatch(/^\/assets\/root-.*\.css$/);
  expect(await asset((p) => workerd!.dispatchFetch(`http://localhost${p}`) as never, stylesheet)).toBe("asset 200 text/css true");
  dev = await startDevServer("react-router-7", { root });
  const onDev = await answers((p, init) => dev!.fetch(p, init));
  expect(onDev).toEqual(onWorkerd);
  expect(onWorkerd).toMatchInlineSnapshot(`
    [
      "/ 200 text/html Home v1 | Hello from Cloudflare | Hello from Cloudflare",
      "asset 200 text/javascript true",
      "POST /notes 302 /notes?added=built%20note",
      "/notes 200 Added  | <li>built note</li>",
      "/notes.data 200 text/x-script true",
      "/nope 404 text/html",
    ]
  `);
});
