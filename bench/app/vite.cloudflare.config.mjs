import { defineConfig } from "vite";
import { cloudflare } from "@cloudflare/vite-plugin";

export default defineConfig({
  plugins: [cloudflare()],
  cacheDir: ".vite",
  logLevel: "warn",
  clearScreen: false,
});
