/**
 * The one file that knows which binding kinds have a view in the local explorer, each made by the
 * kind's own unit (`bindings/<kind>/explorer.ts`). Host-side: the plugin serves these; nothing a
 * generation loads imports this file.
 */
import type { BindingDescriptor, BindingKind } from "../protocol/bindings.js";
import {
  ExplorerInputError,
  type ExplorerContext,
  type ExplorerInput,
  type ExplorerView,
  type ExplorerViewFactory,
} from "./explorer-view.js";
import { systemClock } from "../storage/clock.js";
import { createKvExplorer } from "./kv/explorer.js";
import { createR2Explorer } from "./r2/explorer.js";
import { createD1Explorer } from "./d1/explorer.js";
import { createDurableObjectExplorer } from "./durable-objects/explorer.js";

export { ExplorerInputError, type ExplorerContext, type ExplorerInput } from "./explorer-view.js";
export type { ValuePreview } from "./value-preview.js";
export { createQueueSender, previewQueueBody } from "./queue/explorer.js";
export { createWorkflowClient } from "./workflows/explorer.js";

const factories: { [K in BindingKind]?: ExplorerViewFactory<K> } = {
  kv: createKvExplorer,
  r2: createR2Explorer,
  d1: createD1Explorer,
  durable_object_namespace: createDurableObjectExplorer,
};

export interface ExplorerViews {
  /** Whether `kind` has a view. */
  has(kind: BindingKind): boolean;
  /** Runs a view's read (GET) or write (POST) named `action` for `binding`. */
  run(binding: BindingDescriptor, write: boolean, action: string, input: ExplorerInput): Promise<unknown>;
}

/** The views of every kind that has one; `clock` defaults to the system clock. */
export function createExplorerViews(
  options: Omit<ExplorerContext, "clock"> & Partial<Pick<ExplorerContext, "clock">>,
): ExplorerViews {
  const context: ExplorerContext = { ...options, clock: options.clock ?? systemClock };
  const views = new Map<BindingKind, ExplorerView<never>>();
  const view = (kind: BindingKind) => {
    let made = views.get(kind);
    if (!made) {
      const factory = factories[kind] as ExplorerViewFactory<never> | undefined;
      if (!factory) return undefined;
      made = factory(context);
      views.set(kind, made);
    }
    return made;
  };
  return {
    has: (kind) => factories[kind] !== undefined,
    async run(binding, write, action, input) {
      const actions = view(binding.type)?.[write ? "writes" : "reads"];
      const fn = actions && Object.hasOwn(actions, action) ? actions[action] : undefined;
      if (!fn) {
        throw new ExplorerInputError(
          `[kindling] The explorer has no ${write ? "POST" : "GET"} action "${action}" for ${binding.type} binding ${binding.name}.`,
        );
      }
      return fn(binding as never, input);
    },
  };
}
