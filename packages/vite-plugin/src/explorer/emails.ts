/**
 * The email outbox in the explorer: every message a `send_email` binding sent and every reply an
 * `email()` handler made, one `.eml` file each under `<persist>/email/` (runtime `email/outbox.ts`).
 */
import fs from "node:fs";
import path from "node:path";

const emlName = /^(sent|reply)-(\d+)-[\w.@-]+\.eml$/;

export interface EmailSummary {
  file: string;
  kind: "sent" | "reply";
  time: number;
  from: string;
  to: string;
  subject: string;
  size: number;
}

/** Newest first. */
export function listEmails(persist: string): EmailSummary[] {
  const dir = path.join(persist, "email");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .flatMap((file) => {
      const match = emlName.exec(file);
      if (!match) return [];
      const full = path.join(dir, file);
      const head = readHead(full);
      return [
        {
          file,
          kind: match[1] as EmailSummary["kind"],
          time: Number(match[2]),
          from: header(head, "from"),
          to: header(head, "to"),
          subject: header(head, "subject"),
          size: fs.statSync(full).size,
        },
      ];
    })
    .toSorted((a, b) => b.time - a.time);
}

/** The `.eml` file named `file` (only names the outbox gives its files), or undefined. */
export function readEmail(persist: string, file: string): Buffer | undefined {
  if (!emlName.test(file)) return undefined;
  try {
    return fs.readFileSync(path.join(persist, "email", file));
  } catch {
    return undefined;
  }
}

function readHead(file: string): string {
  const fd = fs.openSync(file, "r");
  try {
    const buffer = Buffer.alloc(16 * 1024);
    const read = fs.readSync(fd, buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, read).toString("utf8");
    const end = text.search(/\r?\n\r?\n/);
    return end === -1 ? text : text.slice(0, end);
  } finally {
    fs.closeSync(fd);
  }
}

/** A header's value, folded lines joined (RFC 5322 §2.2.3); encoded words are shown as they are. */
function header(head: string, name: string): string {
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name}:`));
  return line ? line.slice(name.length + 1).trim() : "";
}
