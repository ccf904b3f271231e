/** `console` as workerd has it: Node's console without its own extras (`Console`, `createTask`). */
const methods = [
  "assert",
  "clear",
  "context",
  "count",
  "countReset",
  "debug",
  "dir",
  "dirxml",
  "error",
  "group",
  "groupCollapsed",
  "groupEnd",
  "info",
  "log",
  "profile",
  "profileEnd",
  "table",
  "time",
  "timeEnd",
  "timeLog",
  "timeStamp",
  "trace",
  "warn",
];

export function createConsole(nodeConsole: Console): Console {
  const worker: Record<string, unknown> = {};
  for (const name of methods) {
    const method = (nodeConsole as unknown as Record<string, unknown>)[name];
    if (typeof method === "function") worker[name] = method.bind(nodeConsole);
  }
  return worker as unknown as Console;
}
