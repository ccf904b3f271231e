// @ts-check
/**
 * Requests every route of a fixture from a running server, one after the other in the order of
 * fixture.json (binding probes build on the state earlier routes left), and keeps each answer.
 */
import { routeName } from "./fixtures.mjs";

/**
 * @typedef {{ ok: unknown } | { threw: unknown } | { timedOut: true }} ProbeResult
 * @typedef {{ area: string, probes: Record<string, ProbeResult> } | { importError: unknown } | { routeError: string }} RouteAnswer
 */

const routeTimeoutMs = 90_000;

/**
 * @param {import("./fixtures.mjs").Fixture} fixture
 * @param {string} baseUrl
 * @param {string} echoUrl
 * @returns {Promise<Record<string, RouteAnswer>>}
 */
export async function collectFixture(fixture, baseUrl, echoUrl) {
  /** @type {Record<string, RouteAnswer>} */
  const routes = {};
  for (const route of fixture.spec.routes) routes[routeName(route)] = await requestRoute(baseUrl, route, echoUrl);
  return routes;
}

/**
 * @param {string} baseUrl
 * @param {import("./fixtures.mjs").RouteSpec} route
 * @param {string} echoUrl
 * @returns {Promise<RouteAnswer>}
 */
async function requestRoute(baseUrl, route, echoUrl) {
  let response;
  try {
    response = await fetch(`${baseUrl}/probe/${route.group}`, {
      method: route.method ?? "GET",
      headers: { ...route.headers, "x-conformance-echo": echoUrl },
      body: route.body,
      signal: AbortSignal.timeout(routeTimeoutMs),
    });
  } catch (error) {
    return { routeError: `request failed: ${String(/** @type {Error} */ (error).cause ?? error)}` };
  }
  const text = await response.text();
  const firstLine = text.trim().split("\n")[0]?.slice(0, 300) ?? "";
  if (response.status !== 200) return { routeError: `HTTP ${response.status}: ${firstLine}` };
  try {
    // The harness replaces every `<folder>/<name>-XXXXXX` with <root>: a checkout whose own path
    // ends in such a folder (a worktree named `i14-engine`) is replaced too, right before the stage.
    return JSON.parse(text.replaceAll("<root><root>", "<root>"));
  } catch {
    return { routeError: `not JSON: ${firstLine}` };
  }
}
