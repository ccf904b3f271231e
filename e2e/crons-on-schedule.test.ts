/** kindling({ crons: true }) runs `triggers.crons` on their schedule, in the current generation. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer("triggers", {
    files: {
      "vite.config.ts": `import { defineConfig } from "vite";
import { kindling } from "@kindling/vite-plugin";
export default defineConfig({ plugins: [kindling({ crons: true })] });
`,
      "wrangler.jsonc": JSON.stringify({ name: "triggers", main: "src/index.ts", triggers: { crons: ["* * * * *"] } }),
    },
  });
});
afterAll(() => server?.stop());

// Waits for the next minute boundary: up to 60 s.
test("an every-minute cron runs at the start of the next minute, with its scheduledTime", { timeout: 80_000 }, async () => {
  const events = await until(
    async () => {
      const list = (await (await server.fetch("/events")).json()) as { type: string; cron: string; scheduledTime: number }[];
      return list.length > 0 ? list : undefined;
    },
    70_000,
    250,
  );
  expect(events![0]).toMatchObject({ type: "scheduled", cron: "* * * * *" });
  expect(events![0]!.scheduledTime % 60_000).toBe(0);
  await server.waitForOutput(/cron "\* \* \* \* \*" ran \(.+\): ok/);
});
