/** A real Vite dev server for unit tests, with one module-runner environment ("worker") as Kindling's are made: no HMR. */
import { createServer, DevEnvironment, type ViteDevServer } from "vite";

export function createWorkerViteServer(root: string): Promise<ViteDevServer> {
  return createServer({
    configFile: false,
    root,
    logLevel: "silent",
    server: { middlewareMode: true, ws: false, watch: null },
    environments: {
      worker: {
        consumer: "server",
        dev: { createEnvironment: (name, config) => new DevEnvironment(name, config, { hot: false }) },
      },
    },
  });
}
