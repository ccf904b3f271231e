/**
 * Imports of non-JavaScript modules (the modules fixture's src/assets): .wasm, .bin, .txt, .html,
 * .sql by wrangler's default rules, .md and .dat by the fixture's `rules`, and JSON.
 */
import { className } from "../harness/describe.js";

export const area = "Worker formats and module types";

export function probes() {
  return {
    ".wasm default export": async () => className((await import("../assets/add.wasm")).default),
    ".wasm instantiates": async () => {
      const module = (await import("../assets/add.wasm")).default;
      const instance = await WebAssembly.instantiate(module);
      return instance.exports.add(20, 22);
    },
    ".wasm?module": async () => className((await import("../assets/add.wasm?module")).default),
    ".bin default export": async () => {
      const value = (await import("../assets/data.bin")).default;
      return { class: className(value), bytes: value instanceof ArrayBuffer ? Array.from(new Uint8Array(value)) : null };
    },
    ".txt default export": async () => (await import("../assets/hello.txt")).default,
    ".html default export": async () => (await import("../assets/page.html")).default,
    ".sql default export": async () => (await import("../assets/query.sql")).default,
    ".md by a Text rule": async () => (await import("../assets/notes.md")).default,
    ".dat by a Data rule": async () => {
      const value = (await import("../assets/blob.dat")).default;
      return { class: className(value), bytes: value instanceof ArrayBuffer ? Array.from(new Uint8Array(value)) : null };
    },
    ".json import": async () => (await import("../assets/config.json")).default,
    ".json named export": async () => (await import("../assets/config.json")).json,
    ".txt?raw (Vite query)": async () => (await import("../assets/hello.txt?raw")).default,
    "import.meta.url scheme": () => new URL(import.meta.url).protocol,
    "import.meta.url path tail": () => import.meta.url.split("/").slice(-2).join("/"),
    "typeof import.meta.env": () => typeof import.meta.env,
    "import.meta.env.MODE": () => import.meta.env?.MODE,
    "import.meta.env.DEV": () => import.meta.env?.DEV,
    "typeof import.meta.hot": () => typeof import.meta.hot,
    "typeof import.meta.resolve": () => typeof import.meta.resolve,
    "import.meta keys": () => Object.keys(import.meta).toSorted(),
    "typeof import.meta.dirname": () => typeof import.meta.dirname,
  };
}
