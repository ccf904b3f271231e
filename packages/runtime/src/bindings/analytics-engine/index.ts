/**
 * `analytics_engine_datasets`: `writeDataPoint()` validated as workerd does (its TypeError texts,
 * from src/workerd/api/analytics-engine-impl.h) and recorded in SQLite under the state directory.
 */
import type { BindingDescriptor } from "../../protocol/bindings.js";
import type { Clock } from "../../storage/clock.js";
import { statePaths } from "../../storage/state-path.js";
import type { BindingContext } from "../context.js";
import { AnalyticsEngineStorage, type DataPoint } from "./storage.js";
import type { TraceSpec } from "../traced-binding.js";
import { Buffer } from "node:buffer";

const MAX_MEMBERS = 20;
const MAX_INDEX_BYTES = 96;
const MAX_BLOB_BYTES = 800 * MAX_MEMBERS;
const prefix = "writeDataPoint(): ";

type BytesOrString = ArrayBuffer | ArrayBufferView | string | null;

export interface AnalyticsEngineDataPoint {
  indexes?: BytesOrString[];
  blobs?: BytesOrString[];
  doubles?: number[];
}

/**
 * The Analytics Engine binding. Its class name is production's: workerd's `api::AnalyticsEngine`
 * (src/workerd/api/analytics-engine.h); the official plugin's is Miniflare's `LocalAnalyticsEngineDataset`.
 */
export class AnalyticsEngine {
  #storage: AnalyticsEngineStorage;
  #clock: Clock;

  constructor(storage: AnalyticsEngineStorage, clock: Clock) {
    this.#storage = storage;
    this.#clock = clock;
  }

  writeDataPoint(event?: AnalyticsEngineDataPoint): void {
    this.#storage.write(toDataPoint(event ?? {}), this.#clock.now());
  }
}

function toDataPoint(event: AnalyticsEngineDataPoint): DataPoint {
  const indexes = [...(event.indexes ?? [])].map(toBytesOrString);
  if (indexes.length > 1) throw new TypeError(`${prefix}Maximum of 1 indexes supported.`);
  const index1 = indexes[0] ?? "";
  if (byteLength(index1) > MAX_INDEX_BYTES) throw new TypeError(`${prefix}Size of indexes[0] exceeds ${MAX_INDEX_BYTES} bytes).`);
  const blobs = [...(event.blobs ?? [])].map(toBytesOrString);
  if (blobs.length > MAX_MEMBERS) throw new TypeError(`${prefix}Maximum of ${MAX_MEMBERS} blobs supported.`);
  let total = 0;
  for (const blob of blobs) {
    total += byteLength(blob);
    if (total > MAX_BLOB_BYTES) throw new TypeError(`${prefix}Cumulative size of blobs exceeds ${MAX_BLOB_BYTES} bytes).`);
  }
  const doubles = [...(event.doubles ?? [])].map(Number);
  if (doubles.length > MAX_MEMBERS) throw new TypeError(`${prefix}Maximum of ${MAX_MEMBERS} doubles supported.`);
  return { index1: index1 ?? "", blobs, doubles };
}

function toBytesOrString(value: BytesOrString): Uint8Array | string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return String(value);
}

function byteLength(value: Uint8Array | string | null): number {
  if (value === null) return 0;
  return typeof value === "string" ? Buffer.byteLength(value) : value.byteLength;
}

export function createAnalyticsEngineDataset(
  descriptor: BindingDescriptor<"analytics_engine">,
  { persist, clock }: Pick<BindingContext, "persist" | "clock">,
): AnalyticsEngine {
  const { database } = statePaths(persist, "analytics-engine", descriptor.dataset);
  return new AnalyticsEngine(new AnalyticsEngineStorage(database, descriptor.dataset), clock);
}

/** Data points shown in request traces. */
export const analyticsEngineTrace: TraceSpec = { writeDataPoint: {} };
