/** Durable Objects: namespaces, ids, stubs, RPC (values, errors), storage inside objects, alarms, input gates. */
import { allKeys, className } from "../harness/describe.js";
import { kvObjectProbes, sqlObjectProbes } from "./durable-object-inside.js";

export const area = "Bindings: Durable Objects";

const hex64 = /^[0-9a-f]{64}$/;

export function probes({ env }) {
  const ns = env.SQL_OBJECT;
  const stub = () => ns.get(ns.idFromName("probe"));
  const table = {
    "namespace class": () => className(ns),
    "namespace keys": () => allKeys(ns),
    idFromName: () => {
      const id = ns.idFromName("probe");
      return { class: className(id), name: id.name, hex: hex64.test(id.toString()), keys: allKeys(id) };
    },
    "idFromName is stable": () => ns.idFromName("x").toString() === ns.idFromName("x").toString(),
    newUniqueId: () => {
      const id = ns.newUniqueId();
      return { hex: hex64.test(id.toString()), name: id.name };
    },
    "newUniqueId({ jurisdiction: 'eu' })": () => hex64.test(ns.newUniqueId({ jurisdiction: "eu" }).toString()),
    "idFromString round trip": () => {
      const id = ns.idFromName("probe");
      const again = ns.idFromString(id.toString());
      return { equals: again.equals(id), name: again.name };
    },
    "idFromString('bad')": () => ns.idFromString("bad"),
    "idFromString of 64 zeros": () => ns.idFromString("0".repeat(64)),
    "id from another namespace": () => env.KV_OBJECT.get(ns.idFromName("probe")),
    "jurisdiction('eu') class": () => className(ns.jurisdiction("eu")),
    "jurisdiction('bogus')": () => ns.jurisdiction("bogus"),
    stub: () => {
      const s = stub();
      return { class: className(s), name: s.name, id: className(s.id) };
    },
    getByName: () => {
      const s = ns.getByName("probe");
      return { class: className(s), name: s.name };
    },
    "get with locationHint": () => className(ns.get(ns.idFromName("probe"), { locationHint: "weur" })),
    "stub.fetch": async () => {
      const response = await stub().fetch("http://do/path", { method: "POST" });
      return { status: response.status, body: await response.json() };
    },
    "stub.fetch with a relative URL": () => stub().fetch("/path"),
    "RPC method": () => stub().add(1, 2),
    "RPC property": () => stub().property,
    "RPC missing method": () => stub().nope(),
    "RPC echo of a Map and a Date": async () => {
      const value = await stub().echo({ map: new Map([[1, "a"]]), date: new Date(0), bytes: new Uint8Array([1]) });
      return { map: className(value.map), date: className(value.date), bytes: className(value.bytes) };
    },
    "RPC echo of a class instance": () =>
      stub().echo(
        new (class Point {
          x = 1;
        })(),
      ),
    "RPC echo of a function": async () => typeof (await stub().echo(() => 5)),
    "RPC passing a callback": () => stub().callback((n) => n * 10),
    "RPC returning an RpcTarget": async () => {
      const counter = await stub().counter();
      await counter.increment();
      return { class: className(counter), value: await counter.increment() };
    },
    "RPC promise pipelining": () => stub().counter().increment(),
    "RPC RangeError with a code": () => stub().throwRangeError(),
    "RPC error is an instance of RangeError": async () => {
      try {
        await stub().throwRangeError();
        return "no error";
      } catch (error) {
        return {
          instanceofRangeError: error instanceof RangeError,
          stackIsString: typeof error.stack === "string",
          remote: error.remote,
        };
      }
    },
    "RPC custom error class": () => stub().throwCustomClass(),
    "RPC thrown string": () => stub().throwString(),
    "RPC rejection after an await": () => stub().rejectAfterWait(),
    "RPC on a class without DurableObject": () => env.PLAIN_OBJECT.get(env.PLAIN_OBJECT.idFromName("p")).hello(),
    "fetch on a class without DurableObject": async () =>
      (await env.PLAIN_OBJECT.get(env.PLAIN_OBJECT.idFromName("p")).fetch("http://do/")).text(),
    "blockConcurrencyWhile in the constructor runs first": async () => {
      const s = ns.get(ns.idFromName("block-order"));
      return await s.log("first call");
    },
    "blockConcurrencyWhile holds later calls": async () => {
      const s = ns.get(ns.idFromName("block-hold"));
      await s.log();
      const blocked = s.blockFor(30);
      const during = s.log("call during the block");
      await Promise.all([blocked, during]);
      return (await s.log()).filter((entry) => !entry.startsWith("constructor"));
    },
    "a new SQL object's _cf_ tables before and after a KV get, delete and put": () =>
      ns.get(ns.newUniqueId()).inside("_cf_ tables before and after a KV get, delete and put"),
    "alarm fires with info": async () => {
      const s = ns.get(ns.idFromName("alarm"));
      const set = await s.setAlarmIn(50);
      for (let i = 0; i < 300; i++) {
        const info = await s.alarmInfo();
        if (info) return { set, info };
        await scheduler.wait(50);
      }
      return { set, info: "<alarm did not fire within 15 s>" };
    },
  };
  for (const name of Object.keys(sqlObjectProbes)) table[`inside SQL object: ${name}`] = () => stub().inside(name);
  const kvStub = () => env.KV_OBJECT.get(env.KV_OBJECT.idFromName("probe"));
  for (const name of Object.keys(kvObjectProbes)) table[`inside KV-backed object: ${name}`] = () => kvStub().inside(name);
  return table;
}
