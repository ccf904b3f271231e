/**
 * `cloudflare:sockets` over real TCP under `vite dev`: a loopback echo server, a TLS server and a
 * STARTTLS server with a self-signed certificate made here (trusted by the dev server through
 * NODE_EXTRA_CA_CERTS, as a real CA's would be in production), half-close, workerd's errors; and
 * `cloudflare:node`'s handlers in front of a `node:http` server that listens inside the worker.
 */
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { generate } from "selfsigned";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, type DevServer } from "./helpers/dev-server.js";

let server: DevServer;
const listeners: net.Server[] = [];
let certDir: string;
let echoPort: number;
let tlsPort: number;
let startTlsPort: number;
let byePort: number;
let closedPort: number;
let httpPort: number;

const listen = async (created: net.Server): Promise<number> => {
  listeners.push(created);
  await new Promise<void>((resolve) => created.listen(0, "127.0.0.1", resolve));
  return (created.address() as net.AddressInfo).port;
};

beforeAll(async () => {
  const pems = await generate([{ name: "commonName", value: "localhost" }], {
    keySize: 2048,
    algorithm: "sha256",
    extensions: [{ name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }] }],
  });
  const credentials = { key: pems.private, cert: pems.cert };
  certDir = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-sockets-"));
  fs.writeFileSync(path.join(certDir, "ca.pem"), pems.cert);
  echoPort = await listen(net.createServer((socket) => socket.pipe(socket)));
  tlsPort = await listen(tls.createServer(credentials, (socket) => socket.pipe(socket)));
  startTlsPort = await listen(
    net.createServer((socket) => {
      socket.once("data", (line) => {
        if (String(line) !== "STARTTLS\n") return socket.end("unexpected\n");
        socket.write("STARTTLS\n", () => {
          const secure = new tls.TLSSocket(socket, { isServer: true, ...credentials });
          secure.pipe(secure);
        });
      });
    }),
  );
  byePort = await listen(net.createServer((socket) => socket.end("bye\n")));
  httpPort = await listen(
    http.createServer((request, response) =>
      response.end(JSON.stringify({ url: request.url, headers: Object.keys(request.headers).toSorted() })),
    ),
  );
  closedPort = await listen(net.createServer());
  await new Promise((resolve) => listeners.pop()!.close(resolve));
  server = await startDevServer("sockets", {
    env: {
      NODE_EXTRA_CA_CERTS: path.join(certDir, "ca.pem"),
      CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HD: `postgres://user:pw@127.0.0.1:${echoPort}/app`,
    },
  });
});
afterAll(async () => {
  await server?.stop();
  for (const listener of listeners) listener.close();
  if (certDir) fs.rmSync(certDir, { recursive: true, force: true });
});

const json = async (pathname: string) => {
  const response = await server.fetch(pathname);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${pathname}: ${response.status} ${text}`);
  return JSON.parse(text);
};

test("connect() over TCP: opened with the remote address, an echo, close() then closed", async () => {
  expect(await json(`/echo?port=${echoPort}`)).toEqual({
    class: "Socket",
    opened: { remoteAddress: `127.0.0.1:${echoPort}` },
    echoed: "hello over tcp\n",
    echoedText: "text chunk ✓\n",
    secureTransport: "off",
  });
});

test('secureTransport: "on" speaks TLS to a server whose certificate the machine trusts', async () => {
  expect(await json(`/tls?port=${tlsPort}`)).toEqual({
    opened: { remoteAddress: `localhost:${tlsPort}` },
    echoed: "hello over tls\n",
  });
});

test('secureTransport: "starttls": plain text first, then startTls() over the same connection', async () => {
  expect(await json(`/starttls?port=${startTlsPort}`)).toEqual({
    greeting: "STARTTLS\n",
    echoed: "hello after starttls\n",
    upgraded: true,
    secureTransport: "on",
  });
});

test("without allowHalfOpen, the socket closes once the server ends its side", async () => {
  expect(await json(`/half-closed?port=${byePort}`)).toEqual({ received: "bye\n" });
});

test("bad addresses, misused startTls(), a refused connection and the worker's own address fail with workerd's errors", async () => {
  expect(await json(`/errors?port=${closedPort}`)).toMatchInlineSnapshot(`
    {
      "badCharacters": "TypeError: Specified address could not be parsed.",
      "badSecureTransport": "TypeError: Unsupported value in secureTransport socket option: yes",
      "missingPort": "TypeError: Specified address is missing port.",
      "ownAddress": "Error: proxy request failed, cannot connect to the specified address",
      "ownAddressAsLoopback": "Error: proxy request failed, cannot connect to the specified address",
      "refusedClosed": "Error: proxy request failed, cannot connect to the specified address",
      "refusedOpened": "Error: proxy request failed, cannot connect to the specified address",
      "startTlsOff": "TypeError: The \`secureTransport\` socket option must be set to 'starttls' for startTls to be used.",
      "startTlsOnTls": "TypeError: Cannot startTls on a TLS socket.",
    }
  `);
});

test("cloudflare:node: httpServerHandler and handleAsNodeRequest reach the node:http server listening in the worker", async () => {
  const response = await server.fetch("/node/path?q=1", { method: "POST", body: "sent" });
  expect(response.headers.get("x-node")).toBe("yes");
  expect(await response.json()).toEqual({ method: "POST", url: "/node/path?q=1", host: new URL(server.url).host, body: "sent" });
  expect(await json("/node-direct")).toEqual({ method: "GET", url: "/direct?x=1", host: "example.com", body: "" });
});

test("Hyperdrive: the worker sees <id>.hyperdrive.local:5432, and a connection to it reaches the local database", async () => {
  expect(await json("/hyperdrive")).toEqual({
    host: "<id>.hyperdrive.local",
    connectionString: "postgres://user:pw@<host>:5432/app?sslmode=disable",
    echoed: "hello hyperdrive\n",
    overNodeNet: "hello node:net\n",
  });
});

test("node:http's client sends through the worker's fetch: the CF-Worker header, no connection header", async () => {
  expect(await json(`/node-http-client?port=${httpPort}`)).toEqual({
    status: 200,
    sent: { url: "/path?q=1", headers: ["cf-worker", "host"] },
  });
});
