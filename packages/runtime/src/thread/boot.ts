/**
 * The first module of a generation's thread. It turns on Node's on-disk compile cache before the
 * runtime's bundle (~600 KB) is compiled, then loads the bundle (entry.ts). Compiling it was ~13 %
 * of a thread's boot, and every save whose standby is still booting waits for the rest of the boot.
 *
 * The cache is Node's own (`module.enableCompileCache`, Node ≥ 22.1), in the directory Node
 * chooses: `NODE_COMPILE_CACHE` if set, else `node-compile-cache` in the OS temp directory, the
 * one Vite's CLI enables for itself too. `NODE_DISABLE_COMPILE_CACHE=1` turns it off. Node keys
 * entries by the Node version and each file's content, so a changed bundle is compiled afresh.
 * On Node 20 there is no such cache and the bundle is compiled as before.
 */
import module from "node:module";

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
await import("./entry.js");
