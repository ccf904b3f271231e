/**
 * Every binding kind's descriptor: what the host resolves from the wrangler config (plugin
 * `config/bindings/<kind>.ts`) and a generation turns into the object on `env` (runtime
 * `bindings/<kind>/`). Serializable; one entry per kind, so both registries are checked by the
 * compiler against this list.
 */
export interface BindingDescriptors {
  kv: {
    /** Namespace id; names the state file `<persist>/kv/<id>.sqlite`. */
    id: string;
  };
  r2: {
    /** Names the state file `<persist>/r2/<bucketName>.sqlite`. */
    bucketName: string;
  };
  d1: {
    databaseName?: string;
    databaseId?: string;
    migrationsDir: string;
    migrationsTable: string;
  };
  send_email: {
    destinationAddress?: string;
    allowedDestinationAddresses?: string[];
    allowedSenderAddresses?: string[];
  };
  durable_object_namespace: {
    className: string;
    /** Set when the class is exported by another worker (`script_name`). */
    scriptName?: string;
    /** Created by `new_sqlite_classes` (SQL API available) rather than `new_classes`. */
    sqlite: boolean;
    /** Folder under `<ownState>/do/` of this class's objects: the name it was created under (renames keep it). */
    storageName: string;
  };
  /** `services`: fetch and RPC to an entrypoint of another worker (or of this one). */
  service: {
    /** The worker's name (`service`). */
    service: string;
    /** Its named entrypoint (`entrypoint`); absent: the default export. */
    entrypoint?: string;
    /** `ctx.props` of the entrypoint (`props`). */
    props?: Record<string, unknown>;
  };
  /** `worker_loaders`: workers whose code the worker hands over at run time (the Worker Loader). */
  worker_loader: Record<never, never>;
  /** Each generation is a version: its id and timestamp are made when the generation starts. */
  version_metadata: Record<never, never>;
  ratelimit: {
    namespaceId: string;
    limit: number;
    /** Seconds: 10 or 60. */
    period: number;
  };
  analytics_engine: {
    /** Names the state file `<persist>/analytics-engine/<dataset>.sqlite`. */
    dataset: string;
  };
  hyperdrive: {
    id: string;
    /** `localConnectionString`, or the CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_<binding> variable. */
    localConnectionString?: string;
  };
  secrets_store_secret: {
    storeId: string;
    secretName: string;
  };
  /** A queue producer (`queues.producers[]`); the host's broker keeps the messages. */
  queue: {
    queueName: string;
    /** `delivery_delay`: seconds a message waits unless `send` says otherwise. */
    deliveryDelay: number;
    /** Bodies without a `contentType` are "json" from 2024-03-18 (`queues_json_messages`), "v8" before. */
    defaultContentType: "json" | "v8";
  };
  /** `assets.binding`: a Fetcher whose `fetch()` is answered by the host's asset server. */
  assets: Record<never, never>;
  /** `workflows[]`: the host's engine keeps the instances of `workflowName`; steps run in the class's worker. */
  workflow: {
    /** `name`: keys the engine and names its state file `<persist>/workflows/<workflowName>.sqlite`. */
    workflowName: string;
    className: string;
    /** Set when the class is exported by another worker (`script_name`). */
    scriptName?: string;
    /** `limits.steps`: production's default is 10,000. */
    stepLimit: number;
  };
  /** A binding wrangler accepts that cannot run here: an object whose every use throws `message`. */
  unavailable: {
    /** The wrangler config key, e.g. "ai". */
    configKey: string;
    /** What it is, as Cloudflare names it, e.g. "Workers AI". */
    product: string;
    /** Why it does not run locally and what to do instead. */
    message: string;
  };
}

export type BindingKind = keyof BindingDescriptors;

/** One binding: its kind, its name on `env`, and its kind's fields. */
export type BindingDescriptor<K extends BindingKind = BindingKind> = {
  [P in K]: { type: P; name: string } & BindingDescriptors[P];
}[K];
