/**
 * Answers `GET /probe/<group>`: imports that group's probe module, runs its probes one after the
 * other (in the order written) and answers `{ area, probes: { name: { ok } | { threw } } }`.
 * A group that cannot be imported answers `{ importError }`; the comparison then counts every
 * probe of that group as different.
 */
import { describe, errorOf } from "./describe.js";

/** A probe that neither settles nor throws within this time is reported, not waited for (a bound for hangs, generous for loaded machines). */
const probeTimeoutMs = 20_000;

export async function serve(request, env, ctx, groups) {
  const url = new URL(request.url);
  const name = url.pathname.startsWith("/probe/") ? url.pathname.slice("/probe/".length) : "";
  const load = groups[name];
  if (!load) return new Response(`no probe group "${name}"`, { status: 404 });
  let module;
  try {
    module = await load();
  } catch (error) {
    return Response.json({ importError: errorOf(error) });
  }
  const echo = request.headers.get("x-conformance-echo");
  const table = module.probes({ request, env, ctx, echo });
  const probes = {};
  for (const [probeName, probe] of Object.entries(table)) probes[probeName] = await run(probe);
  return Response.json({ area: module.area, probes });
}

async function run(probe) {
  let timer;
  try {
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve({ timedOut: true }), probeTimeoutMs);
    });
    const value = await Promise.race([
      Promise.resolve()
        .then(probe)
        .then((v) => ({ ok: describe(v) })),
      timeout,
    ]);
    return value;
  } catch (error) {
    return { threw: errorOf(error) };
  } finally {
    clearTimeout(timer);
  }
}
