/** The two apps of `pnpm bench:deps`: a worker whose weight is its dependencies (node_modules of bench/). */

const token = (value) => `export const token = ${JSON.stringify(value)};\n`;

export const apps = {
  // Hono's router and middleware plus a zod schema checked on every request.
  "hono-zod": {
    "src/index.ts": `import { Hono } from "hono";
import { logger } from "hono/logger";
import { z } from "zod";
import { token } from "./token";

const Note = z.object({ title: z.string().min(1), tags: z.array(z.string()).max(5) });
const app = new Hono();
app.use("/api/*", logger());
app.get("/", (c) => {
  const parsed = Note.safeParse({ title: "note", tags: ["a", "b"] });
  return c.text(\`\${token} \${parsed.success}\`);
});
app.post("/api/notes", async (c) => c.json(Note.parse(await c.req.json())));
export default app;
`,
  },
  // React 19 rendering to a stream with react-dom/server (its workerd build: server.edge).
  "react-ssr": {
    "src/index.ts": `import { createElement as h } from "react";
import { renderToReadableStream } from "react-dom/server";
import { token } from "./token";

function Page({ items }: { items: string[] }) {
  return h("html", null, h("body", null, h("h1", null, token), h("ul", null, items.map((item) => h("li", { key: item }, item)))));
}

export default {
  async fetch() {
    const stream = await renderToReadableStream(h(Page, { items: ["one", "two", "three"] }));
    await stream.allReady;
    return new Response(stream, { headers: { "content-type": "text/html" } });
  },
};
`,
  },
};

export const tokenFile = "src/token.ts";
export const tokenSource = token;
