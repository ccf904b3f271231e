import { message } from "./deep/message.js";

const loadedAt = new Date().toISOString();

export function renderPage(greeting: string): string {
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Kindling playground</title></head>
  <body>
    <h1>${greeting}</h1>
    <p id="message">${message}</p>
    <p>This module was evaluated at <time>${loadedAt}</time>.</p>
    <ul><li><a href="/api/info">/api/info</a> (JSON)</li><li><a href="/ws">/ws</a> (WebSocket echo)</li></ul>
  </body>
</html>`;
}

export { message };
