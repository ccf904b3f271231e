import { defineConfig } from "vite";
import { kindling } from "@kindling/vite-plugin";

export default defineConfig({
  plugins: [kindling()],
  cacheDir: ".vite",
  logLevel: "warn",
  clearScreen: false,
});
