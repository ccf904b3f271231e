/**
 * `env.ASSETS.fetch()` crosses from a generation to the host's asset server on a BroadcastChannel
 * of its own (one per dev server and worker), outside the host<->thread channel: a stopgap until
 * that channel has a method for it (`HostApi.fetchAsset(request): response`).
 */
import type { HeaderPairs } from "./messages.js";

export interface AssetRequestMessage {
  type: "asset-request";
  id: string;
  method: string;
  url: string;
  headers: HeaderPairs;
  body: ArrayBuffer | null;
}

export type AssetResponseMessage =
  | { type: "asset-response"; id: string; status: number; statusText: string; headers: HeaderPairs; body: ArrayBuffer | null }
  | { type: "asset-response"; id: string; error: string };

/** The channel's name: the state directory is owned by one dev server (a lock), so it tells servers apart. */
export function assetsChannelName(persist: string | false, workerName: string): string {
  return `kindling:assets:${String(persist)}:${workerName}`;
}
