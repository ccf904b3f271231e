/**
 * The page's panel for each binding kind that has an explorer view (its server side is the kind's
 * unit, `runtime/src/bindings/<kind>/explorer.ts`). A new kind's panel: one file here, one line below.
 */
import type { FunctionComponent } from "preact";
import { KvPanel } from "./kv.js";
import { R2Panel } from "./r2.js";
import { D1Panel } from "./d1.js";
import { DurableObjectsPanel } from "./durable-objects.js";

export interface PanelProps {
  /** The binding's name on `env`. */
  binding: string;
  /** The rest of the route (a key, a table, an object id...). */
  path: string[];
}

export const panels: Record<string, { title: string; Panel: FunctionComponent<PanelProps> }> = {
  kv: { title: "KV", Panel: KvPanel },
  r2: { title: "R2", Panel: R2Panel },
  d1: { title: "D1", Panel: D1Panel },
  durable_object_namespace: { title: "Durable Objects", Panel: DurableObjectsPanel },
};
