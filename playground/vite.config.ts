import { defineConfig } from "vite";
import { kindling } from "@kindling/vite-plugin";

export default defineConfig({
  plugins: [
    kindling({
      // Two more workers, each in its own Vite environment with its own generations (see /services).
      auxiliaryWorkers: [{ configPath: "services/greeter/wrangler.jsonc" }, { configPath: "services/inventory/wrangler.jsonc" }],
    }),
  ],
});
