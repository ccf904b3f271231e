/**
 * lol-html, Cloudflare's streaming HTML rewriter, as html-rewriter-wasm's WebAssembly build (the one
 * Miniflare 2 used; async handlers through Asyncify). Loaded on first use, compiled with the
 * WebAssembly.Module this module saw when the runtime loaded: the worker's global scope refuses
 * compilation from bytes to user code, not to the runtime.
 */
import { createRequire } from "node:module";
import type * as LolHtml from "html-rewriter-wasm";

export type { LolHtml };

const NativeModule = WebAssembly.Module;
let loaded: typeof LolHtml | undefined;

export function lolHtml(): typeof LolHtml {
  if (loaded) return loaded;
  const wasm = WebAssembly as { Module: typeof WebAssembly.Module };
  const gated = wasm.Module;
  wasm.Module = NativeModule;
  try {
    loaded = createRequire(import.meta.url)("html-rewriter-wasm") as typeof LolHtml;
  } finally {
    wasm.Module = gated;
  }
  return loaded;
}
