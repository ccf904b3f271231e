/**
 * The workers of this dev server (the main one and `auxiliaryWorkers`) and the routes between
 * them. Every RPC address names its worker: a call goes to that worker's host here, or to the
 * Kindling dev server on this machine that runs it (found in the dev registry), or fails as "not
 * found". Also owns what the workers share: the state directory (and its lock), and the endpoint
 * other dev servers call.
 */
import type { Logger, ViteDevServer } from "vite";
import { lockStateDirectory, workerStateDir, type StateDirectoryLock } from "@kindling/runtime/host";
import type { DurableObjectClass, RpcAddress, RpcOperation, RpcOutcome } from "@kindling/runtime/protocol";
import { WorkerHost } from "../environment/worker-host.js";
import { WorkerDevEnvironment } from "../environment/worker-dev-environment.js";
import { createEphemeralStateDir, resolvePersistDir } from "../persist-dir.js";
import type { PluginState } from "../plugins/state.js";
import { DevRegistry, defaultRegistryDir } from "./dev-registry.js";
import { RegistryServer } from "./registry-server.js";
import { RemoteWorker } from "./remote-worker.js";
import { workerNotFound, workerNotFoundMessage } from "./worker-not-found.js";

export class DevWorkers {
  /** The main worker first. */
  readonly hosts: readonly WorkerHost[];
  #logger: Logger;
  #lock: StateDirectoryLock | undefined;
  #removeEphemeralState: (() => void) | undefined;
  #registry: DevRegistry;
  #endpoint: RegistryServer;
  #url: string | undefined;
  #remote = new RemoteWorker();
  #closed: Promise<void> | undefined;
  #onExit = () => this.#registry.close();

  constructor(server: ViteDevServer, state: PluginState) {
    this.#logger = server.config.logger;
    const persistDir = this.#stateDirectory(server, state);
    this.hosts = state.workers.map((entry) => {
      const environment = server.environments[entry.environmentName];
      if (!(environment instanceof WorkerDevEnvironment)) {
        throw new Error(`[kindling] internal: the Vite environment "${entry.environmentName}" is not Kindling's.`);
      }
      return new WorkerHost(server, environment, entry, state.options, {
        persistDir,
        ownState: entry.main ? persistDir : workerStateDir(persistDir, entry.config.name),
        route: (address, operation) => this.call(address, operation),
        classOf: (worker, className) => this.#classOf(worker, className),
      });
    });
    // A workflow bound with `script_name` runs in the engine of the worker that defines it.
    for (const host of this.hosts) {
      host.services.workflows.routeOthers((workflow) =>
        this.hosts.find((other) => other !== host && other.services.workflows.has(workflow))?.services.workflows.engine(workflow),
      );
    }
    this.#registry = new DevRegistry(defaultRegistryDir(), (name, owner) =>
      this.#logger.warn(
        `[kindling] Another dev server (${owner.url}, process ${owner.pid}) runs a worker named "${name}" too: ` +
          `service bindings of other dev servers reach that one until it stops.`,
        { timestamp: true },
      ),
    );
    this.#endpoint = new RegistryServer((address, operation) => this.#callHere(address, operation));
  }

  get main(): WorkerHost {
    return this.hosts[0]!;
  }

  /** This dev server's worker named `name` (its current config's name). */
  get(name: string): WorkerHost | undefined {
    return this.hosts.find((host) => host.config.name === name);
  }

  /** Opens the endpoint for other dev servers and publishes this server's workers in the dev registry. */
  async start(): Promise<void> {
    this.#url = await this.#endpoint.listen();
    if (this.#closed) return;
    this.#publish();
    // A config edit may rename a worker or change its classes.
    for (const host of this.hosts) host.swapListeners.add(() => this.#publish());
    process.once("exit", this.#onExit);
  }

  /** Sends one operation to a worker's receiver, wherever that worker runs. */
  call(address: RpcAddress, operation: RpcOperation): Promise<RpcOutcome> {
    const local = this.get(address.worker);
    if (local) return local.services.router.call(address, operation);
    return this.#callElsewhere(address, operation);
  }

  close(): Promise<void> {
    this.#closed ??= (async () => {
      process.off("exit", this.#onExit);
      this.#registry.close();
      await Promise.all([...this.hosts.map((host) => host.close()), this.#endpoint.close()]);
      this.#remote.close();
      this.#removeEphemeralState?.();
      this.#lock?.release();
    })();
    return this.#closed;
  }

  /** One state directory for the dev server: locked (a second server on it stops here), or a private one for `persist: false`. */
  #stateDirectory(server: ViteDevServer, state: PluginState): string {
    const persistDir = resolvePersistDir(server.config.root, state.options.persist);
    if (persistDir === false) {
      const ephemeral = createEphemeralStateDir();
      this.#removeEphemeralState = ephemeral.remove;
      return ephemeral.dir;
    }
    this.#lock = lockStateDirectory(persistDir);
    server.httpServer?.once("listening", () => this.#lock?.setUrl(listeningUrl(server)));
    return persistDir;
  }

  async #callElsewhere(address: RpcAddress, operation: RpcOperation): Promise<RpcOutcome> {
    const entry = this.#registry.lookup(address.worker);
    const outcome = entry && (await this.#remote.call(entry, address, operation));
    return outcome ?? this.#notFound(address, operation);
  }

  /** A call from another dev server: for one of this server's workers only (never forwarded again). */
  #callHere(address: RpcAddress, operation: RpcOperation): Promise<RpcOutcome> {
    const local = this.get(address.worker);
    if (local) return local.services.router.call(address, operation);
    return Promise.resolve(this.#notFound(address, operation));
  }

  #notFound(address: RpcAddress, operation: RpcOperation): RpcOutcome {
    const names = this.hosts.map((host) => host.config.name);
    return workerNotFound(operation, workerNotFoundMessage(address.worker, names));
  }

  #classOf(worker: string, className: string): DurableObjectClass | undefined {
    const classes = this.get(worker)?.config.durableObjectClasses ?? this.#registry.lookup(worker)?.classes ?? [];
    return classes.find((definition) => definition.className === className);
  }

  #publish(): void {
    if (!this.#url || this.#closed) return;
    const workers = this.hosts.map((host) => ({ name: host.config.name, classes: host.config.durableObjectClasses }));
    this.#registry.register({ url: this.#url, token: this.#endpoint.token }, workers);
  }
}

/** The address the server listens on, as a URL (the state directory's lock names it to a refused second server). */
function listeningUrl(server: ViteDevServer): string {
  const address = server.httpServer?.address();
  if (!address || typeof address === "string") return String(address);
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}/`;
}
