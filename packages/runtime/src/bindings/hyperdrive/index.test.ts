import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { connect } from "../../web/sockets/connect.js";
import type { Socket } from "../../web/sockets/socket.js";
import { createNetModule, type WorkersConnect } from "../../node-compat/net-module.js";
import { createHyperdrive } from "./index.js";

// A loopback TCP server standing in for the local database: it answers what arrives, prefixed.
let database: net.Server;
let port = 0;
const arrived: string[] = [];

beforeAll(async () => {
  database = net.createServer((socket) =>
    socket.on("data", (data) => {
      arrived.push(String(data));
      socket.write(`db:${String(data)}`);
    }),
  );
  await new Promise<void>((resolve) => database.listen(0, "127.0.0.1", resolve));
  port = (database.address() as AddressInfo).port;
});

afterAll(() => new Promise((resolve) => database.close(resolve)));

async function roundTrip(socket: Socket, text: string): Promise<string> {
  const writer = socket.writable.getWriter();
  await writer.write(new TextEncoder().encode(text));
  const { value } = await socket.readable.getReader().read();
  await socket.close();
  return new TextDecoder().decode(value);
}

function hyperdrive(localConnectionString: string) {
  return createHyperdrive({ type: "hyperdrive", name: "HD", id: "abc", localConnectionString });
}

test("connect() to the binding's host, its ip or the binding itself reaches the local database", async () => {
  const binding = hyperdrive(`postgres://u:p@127.0.0.1:${port}/db`);
  expect(await roundTrip(connect({ hostname: binding.host, port: binding.port }), "by name")).toBe("db:by name");
  expect(await roundTrip(connect(`${binding.ip}:${binding.port}`), "by ip")).toBe("db:by ip");
  const socket = binding.connect();
  expect(await socket.opened).toEqual({ remoteAddress: `${binding.host}:5432`, localAddress: undefined });
  expect(await roundTrip(socket, "by binding")).toBe("db:by binding");
  expect(arrived).toEqual(["by name", "by ip", "by binding"]);
});

test("another port of the binding's host is not routed; a database that is down fails as workerd's", async () => {
  const binding = hyperdrive(`postgres://u:p@127.0.0.1:${port}/db`);
  const otherPort = connect({ hostname: binding.host, port: 5433 });
  expect(await otherPort.opened.catch(String)).toMatchInlineSnapshot(
    `"Error: proxy request failed, cannot connect to the specified address"`,
  );
  const down = hyperdrive("postgres://u:p@127.0.0.1:1/db");
  const socket = connect({ hostname: down.host, port: down.port });
  expect(await socket.opened.catch(String)).toMatchInlineSnapshot(`"Error: connection attempt failed"`);
});

test("node:net (what drivers such as pg use) reaches the local database through the binding's name", async () => {
  const binding = hyperdrive(`postgres://u:p@127.0.0.1:${port}/db`);
  const workerNet = createNetModule(connect as unknown as WorkersConnect).default as typeof net;
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = workerNet.connect(binding.port, binding.host, () => socket.write("startup"));
    socket.on("data", (data) => {
      resolve(`${String(data)} from ${socket.remoteAddress}:${socket.remotePort}`);
      socket.destroy();
    });
    socket.on("error", reject);
  });
  expect(answer).toBe(`db:startup from ${binding.host}:5432`);
});
