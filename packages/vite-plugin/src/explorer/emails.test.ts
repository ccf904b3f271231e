import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { listEmails, readEmail } from "./emails.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

test("the outbox lists sent messages and replies, newest first, with their headers; only its own files are read", () => {
  const persist = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-emails-"));
  dirs.push(persist);
  fs.mkdirSync(path.join(persist, "email"));
  const eml = (headers: string) => `${headers}\r\n\r\nbody\r\nSubject: not a header\r\n`;
  fs.writeFileSync(path.join(persist, "email", "sent-1000-a@x.eml"), eml("From: a@x\r\nTo: b@y\r\nSubject: Hello\r\n  again"));
  fs.writeFileSync(path.join(persist, "email", "reply-2000-c@y.eml"), eml("From: b@y\r\nTo: a@x"));
  fs.writeFileSync(path.join(persist, "email", "notes.txt"), "not an email");

  expect(listEmails(persist).map(({ size: _size, ...rest }) => rest)).toEqual([
    { file: "reply-2000-c@y.eml", kind: "reply", time: 2000, from: "b@y", to: "a@x", subject: "" },
    { file: "sent-1000-a@x.eml", kind: "sent", time: 1000, from: "a@x", to: "b@y", subject: "Hello again" },
  ]);
  expect(readEmail(persist, "sent-1000-a@x.eml")?.toString()).toContain("Subject: Hello");
  expect(readEmail(persist, "../email/sent-1000-a@x.eml")).toBeUndefined();
  expect(readEmail(persist, "notes.txt")).toBeUndefined();
  expect(listEmails(path.join(persist, "missing"))).toEqual([]);
});
