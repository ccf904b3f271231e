/**
 * Where sent messages and replies end up locally: one `.eml` file each, under the state
 * directory (`<persist>/email/`), or under the OS temp dir when state is in memory.
 */
import fs from "node:fs/promises";
import path from "node:path";

export function outboxDir(persist: string): string {
  return path.join(persist, "email");
}

/** Writes the message and returns the file's path. */
export async function writeEml(dir: string, kind: string, messageId: string, raw: Uint8Array): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const id = messageId
    .replace(/^<|>$/g, "")
    .replace(/[^A-Za-z0-9._@-]/g, "_")
    .slice(0, 80);
  const file = path.join(dir, `${kind}-${Date.now()}-${id}.eml`);
  await fs.writeFile(file, raw);
  return file;
}

/** A fresh Message-ID in the shape Email Routing uses: `<random@sender-domain>`. */
export function newMessageId(from: string): string {
  const domain = from.split("@")[1] ?? "kindling.local";
  return `<${crypto.randomUUID().replaceAll("-", "")}@${domain}>`;
}
