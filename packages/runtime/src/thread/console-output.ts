/**
 * What the worker writes (`console.*`, `process.stdout` / `process.stderr`) crosses to the host
 * with its level, where Vite's logger prints it, so `logLevel` and a `customLogger` apply to it as
 * to every other plugin's output. `console.warn` is told apart from the rest of stderr.
 */
import type { LogLevel } from "../protocol/messages.js";
import { host } from "./host-channel.js";
import { Buffer } from "node:buffer";
import process from "node:process";

export function installConsoleOutput(): void {
  let stderrLevel: LogLevel = "error";
  const warn = console.warn;
  // An object method keeps the name "warn" (what `console.warn.name` says in workerd too).
  console.warn = {
    warn(this: Console, ...args: unknown[]): void {
      stderrLevel = "warn";
      try {
        warn.apply(this, args);
      } finally {
        stderrLevel = "error";
      }
    },
  }.warn;
  redirect(process.stdout, () => "info");
  redirect(process.stderr, () => stderrLevel);
}

function redirect(stream: NodeJS.WriteStream, level: () => LogLevel): void {
  stream.write = ((chunk: string | Uint8Array, encoding?: BufferEncoding | (() => void), callback?: () => void) => {
    const text =
      typeof chunk === "string"
        ? typeof encoding === "string" && encoding !== "utf8" && encoding !== "utf-8"
          ? Buffer.from(chunk, encoding).toString()
          : chunk
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString();
    host.notify("log", level(), text);
    // At once: output written just before the worker hangs or exits still shows.
    host.flush();
    const done = typeof encoding === "function" ? encoding : callback;
    if (done) process.nextTick(done);
    return true;
  }) as NodeJS.WriteStream["write"];
}
