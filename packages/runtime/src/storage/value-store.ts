/**
 * Values that live in a row when small and in a blob file when large (KV values, cached bodies).
 * A large value's file is durable before the row that names it commits, and an old file is removed
 * only after the row that replaced or dropped it committed: a crash leaves at most an unreferenced
 * file, never a row pointing at a missing or half-written value.
 */
import { BlobStore } from "./blob-store.js";
import { Buffer } from "node:buffer";

/** How a value is kept in its row: inline bytes, or the id of its blob file. */
export interface StoredValue {
  inline: Buffer | null;
  blobId: string | null;
}

export class ValueStore {
  readonly #blobs: BlobStore;
  readonly #inlineLimit: number;

  /** Values over `inlineLimit` bytes go to files in `blobDir`. */
  constructor(blobDir: string, inlineLimit: number) {
    this.#blobs = new BlobStore(blobDir);
    this.#inlineLimit = inlineLimit;
  }

  /** Call before the transaction that writes the row: a large value's file is written (and synced) here. */
  store(value: Uint8Array): StoredValue {
    if (value.byteLength > this.#inlineLimit) return { inline: null, blobId: this.#blobs.put(value) };
    return { inline: Buffer.from(value.buffer, value.byteOffset, value.byteLength), blobId: null };
  }

  /** The value a row holds, or null if its blob file is gone. */
  read(inline: Uint8Array | null, blobId: string | null): Uint8Array | null {
    return blobId === null ? (inline ?? new Uint8Array()) : this.#blobs.read(blobId);
  }

  /** Call after the transaction that replaced or deleted the row holding `blobId` committed. */
  release(blobId: string | null | undefined): void {
    if (blobId) this.#blobs.delete(blobId);
  }
}
