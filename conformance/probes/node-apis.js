/** Behaviour of common Node.js APIs under nodejs_compat (Buffer, events, util, crypto, streams, ALS, net). */
import { AsyncLocalStorage } from "node:async_hooks";
import { Buffer, constants as bufferConstants } from "node:buffer";
import crypto from "node:crypto";
import events, { EventEmitter } from "node:events";
import { Readable } from "node:stream";
import util from "node:util";
import zlib from "node:zlib";
import { className } from "../harness/describe.js";

export const area = "nodejs_compat";

export function probes({ echo }) {
  return {
    "Buffer.from('héllo').toString('base64')": () => Buffer.from("héllo").toString("base64"),
    "Buffer.alloc(2) class": () => className(Buffer.alloc(2)),
    "Buffer.poolSize": () => Buffer.poolSize,
    "buffer.constants.MAX_LENGTH": () => bufferConstants.MAX_LENGTH,
    "Buffer.isEncoding('latin1')": () => Buffer.isEncoding("latin1"),
    "Buffer.from('zz', 'hex')": () => [...Buffer.from("zz", "hex")],
    "Buffer.from(1) error": () => Buffer.from(1),
    "buffer.readUInt32BE out of range": () => Buffer.alloc(2).readUInt32BE(0),
    "Buffer === globalThis.Buffer": () => Buffer === globalThis.Buffer,
    "EventEmitter error without listener": () => new EventEmitter().emit("error", new Error("boom")),
    "events.defaultMaxListeners": () => events.defaultMaxListeners,
    "EventEmitter.captureRejections": () => EventEmitter.captureRejections,
    "events.once": async () => {
      const emitter = new EventEmitter();
      const pending = events.once(emitter, "x");
      emitter.emit("x", 1, 2);
      return await pending;
    },
    "util.inspect of an object": () => util.inspect({ a: [1, { b: 2 }], s: "x" }),
    "util.inspect of a Map": () => util.inspect(new Map([["k", 1]])),
    "util.format": () => util.format("%s=%d %j", "a", 5, { b: 1 }),
    "util.types.isPromise": () => util.types.isPromise(Promise.resolve()),
    "util.promisify(setTimeout)": async () => typeof (await util.promisify(setTimeout)(1, "v")),
    "util.isDeepStrictEqual": () => util.isDeepStrictEqual({ a: [1] }, { a: [1] }),
    "createHash md5": () => crypto.createHash("md5").update("a").digest("hex"),
    "createHash('bogus')": () => crypto.createHash("bogus"),
    "randomBytes(4).length": () => crypto.randomBytes(4).length,
    "getHashes() includes sha256": () => crypto.getHashes().includes("sha256"),
    "createHmac sha256": () => crypto.createHmac("sha256", "k").update("d").digest("hex"),
    scryptSync: () => crypto.scryptSync("pw", "salt", 8).toString("hex"),
    pbkdf2Sync: () => crypto.pbkdf2Sync("pw", "salt", 10, 8, "sha256").toString("hex"),
    "createCipheriv aes-128-cbc": () => {
      const cipher = crypto.createCipheriv("aes-128-cbc", Buffer.alloc(16), Buffer.alloc(16));
      return Buffer.concat([cipher.update("x"), cipher.final()]).toString("hex");
    },
    "generateKeyPairSync ed25519": () => crypto.generateKeyPairSync("ed25519").publicKey.asymmetricKeyType,
    "crypto.webcrypto === globalThis.crypto": () => crypto.webcrypto === globalThis.crypto,
    "zlib gzipSync/gunzipSync": () => zlib.gunzipSync(zlib.gzipSync("z")).toString(),
    "zlib brotli round trip": () => zlib.brotliDecompressSync(zlib.brotliCompressSync("b")).toString(),
    "Readable.from to array": async () => await Readable.from(["a", "b"]).toArray(),
    "Readable.toWeb": async () => className(Readable.toWeb(Readable.from(["a"]))),
    "AsyncLocalStorage across await": async () => {
      const storage = new AsyncLocalStorage();
      return await storage.run("store", async () => {
        await scheduler.wait(1);
        return storage.getStore();
      });
    },
    "AsyncLocalStorage in a timer": async () => {
      const storage = new AsyncLocalStorage();
      return await storage.run("timer", () => new Promise((resolve) => setTimeout(() => resolve(storage.getStore()), 1)));
    },
    "node:http get to the echo server": async () => {
      const http = await import("node:http");
      return await new Promise((resolve, reject) => {
        http
          .get(echo, (response) => {
            let body = "";
            response.on("data", (chunk) => (body += chunk));
            response.on("end", () =>
              resolve({ status: response.statusCode, headers: JSON.parse(body).headers.map(([name]) => name) }),
            );
          })
          .on("error", reject);
      });
    },
    "node:http ClientRequest is an OutgoingMessage": async () => {
      const http = await import("node:http");
      return {
        extends: Object.getPrototypeOf(http.ClientRequest) === http.OutgoingMessage,
        instanceOf: http.ClientRequest.prototype instanceof http.OutgoingMessage,
      };
    },
    "node:net connect to a closed port": async () => {
      const net = await import("node:net");
      return await new Promise((resolve) => {
        const socket = net.connect({ host: "127.0.0.1", port: 1 });
        socket.on("error", (error) => resolve({ code: error.code, message: error.message }));
        socket.on("connect", () => resolve("connected"));
      });
    },
    "node:dns lookup localhost": async () => {
      const dns = await import("node:dns");
      return await dns.promises.lookup("localhost", { family: 4 });
    },
    "child_process.execSync": async () => (await import("node:child_process")).execSync("echo hi").toString(),
    "worker_threads isMainThread": async () => (await import("node:worker_threads")).isMainThread,
    "vm.runInNewContext": async () => (await import("node:vm")).runInNewContext("1 + 1"),
    "module.createRequire": async () => typeof (await import("node:module")).createRequire(import.meta.url)("node:path").join,
    "require in ESM": () => typeof require,
  };
}
