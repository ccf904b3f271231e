/** The runtime's own modules: which `cloudflare:*` and `workerd:*` specifiers load and what they export. */
import { className } from "../harness/describe.js";

export const area = "Worker formats and module types";

const exportsOf = (load) => async () => Object.keys(await load()).toSorted();

export function probes() {
  return {
    "cloudflare:workers exports": exportsOf(() => import("cloudflare:workers")),
    "cloudflare:sockets exports": exportsOf(() => import("cloudflare:sockets")),
    "cloudflare:email exports": exportsOf(() => import("cloudflare:email")),
    "cloudflare:workflows exports": exportsOf(() => import("cloudflare:workflows")),
    "cloudflare:node exports": exportsOf(() => import("cloudflare:node")),
    "cloudflare:pipelines exports": exportsOf(() => import("cloudflare:pipelines")),
    "cloudflare:containers exports": exportsOf(() => import("cloudflare:containers")),
    "cloudflare:workers env class": async () => className((await import("cloudflare:workers")).env),
    "cloudflare:workers DurableObject.name": async () => (await import("cloudflare:workers")).DurableObject.name,
    "cloudflare:workers RpcTarget is a class": async () => typeof (await import("cloudflare:workers")).RpcTarget,
    "cloudflare:sockets connect() to the echo server": async () => {
      const { connect } = await import("cloudflare:sockets");
      const socket = connect({ hostname: "127.0.0.1", port: 1 });
      return className(socket);
    },
    "cloudflare:node httpServerHandler": async () => typeof (await import("cloudflare:node")).httpServerHandler,
    "EmailMessage class": async () => {
      const { EmailMessage } = await import("cloudflare:email");
      return className(new EmailMessage("a@example.com", "b@example.com", "raw"));
    },
  };
}
