/** kindling({ persist: false }): state lasts while vite dev runs, across edits, and is gone after. */
import fs from "node:fs";
import { expect, test } from "vitest";
import { startDevServer, until } from "./helpers/dev-server.js";

test("persist: false keeps KV and R2 across an edit, writes nothing to the project, and cleans up at exit", async () => {
  const config = `import { defineConfig } from "vite";
import { kindling } from "@kindling/vite-plugin";
export default defineConfig({ plugins: [kindling({ persist: false })] });
`;
  const server = await startDevServer("storage", { files: { "vite.config.ts": config } });
  const before = fs.existsSync("/dev/shm") ? fs.readdirSync("/dev/shm").filter((f) => f.startsWith("kindling-state-")) : [];
  try {
    expect((await server.fetch("/kv?key=k", { method: "PUT", body: "kept" })).status).toBe(200);
    expect(await (await server.fetch("/kv?key=k")).text()).toBe("kept");
    server.edit("src/index.ts", 'const version = "v1";', 'const version = "v2";');
    await until(async () => (await (await server.fetch("/version")).text()) === "v2");
    expect(await (await server.fetch("/kv?key=k")).text()).toBe("kept");
    expect(fs.existsSync(`${server.root}/.kindling`)).toBe(false);
  } finally {
    await server.stop();
  }
  if (fs.existsSync("/dev/shm")) {
    const after = fs.readdirSync("/dev/shm").filter((f) => f.startsWith("kindling-state-"));
    expect(after.length).toBeLessThanOrEqual(before.length);
  }
});
