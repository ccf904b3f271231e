/**
 * `ws.serializeAttachment(value)`: the value is kept V8-serialized, as workerd keeps it, so its
 * size is checked like production's and it survives hibernation (and reloads) byte for byte.
 */
import v8 from "node:v8";

/**
 * workerd's `MAX_ATTACHMENT_SIZE`: 16 KiB since 2026 (src/workerd/api/web-socket.h,
 * `1024 * 16`); older workerd and older docs say 2,048 bytes.
 */
export const MAX_ATTACHMENT_SIZE = 16_384;

export function serializeAttachment(value: unknown): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = v8.serialize(value);
  } catch (error) {
    throw new DOMException((error as Error).message, "DataCloneError");
  }
  if (bytes.byteLength > MAX_ATTACHMENT_SIZE) {
    // workerd's text, the missing space included.
    throw new Error(
      `A WebSocket 'attachment' cannot be larger than ${MAX_ATTACHMENT_SIZE} bytes.'attachment' was ${bytes.byteLength} bytes.`,
    );
  }
  return new Uint8Array(bytes);
}

export function deserializeAttachment(bytes: Uint8Array | null): unknown {
  return bytes === null ? null : v8.deserialize(bytes);
}
