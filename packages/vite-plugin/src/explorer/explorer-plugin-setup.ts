/** Puts the local explorer on the dev server: its middleware, the views of the worker's bindings, and its link at start-up. */
import { styleText } from "node:util";
import type { ViteDevServer } from "vite";
import { createExplorerViews } from "@kindling/runtime/explorer";
import type { WorkerHost } from "../environment/worker-host.js";
import type { DevServerQueues } from "../environment/dev-server-queues.js";
import { explorerMiddleware, explorerPath } from "./explorer-middleware.js";
import type { ExplorerTarget } from "./explorer-api.js";

/** `workers`: the dev server's workers (the main one first) and its queues; none for an assets-only project. */
export function setUpExplorer(
  server: ViteDevServer,
  workers: { hosts: readonly WorkerHost[]; queues: DevServerQueues } | undefined,
): void {
  let target: ExplorerTarget | undefined;
  if (workers) {
    const views = new Map(
      workers.hosts.map((host) => [
        host,
        createExplorerViews({
          persist: host.persistDir,
          root: server.config.root,
          webSockets: (storageName, id) => host.services.webSockets.list({ storageName, id }),
          objectName: (storageName, id) => host.services.objectNames.get(`${storageName}/${id}`),
        }),
      ]),
    );
    target = { hosts: workers.hosts, views, queues: workers.queues };
  }
  server.middlewares.use(explorerMiddleware(() => target));
  const printUrls = server.printUrls.bind(server);
  server.printUrls = () => {
    printUrls();
    const base = server.resolvedUrls?.local[0];
    if (base)
      server.config.logger.info(
        `  ${styleText("green", "➜")}  ${styleText("bold", "Explorer")}: ${styleText("cyan", new URL(explorerPath, base).href)}`,
      );
  };
}
