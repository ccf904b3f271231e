/** The playground's WebSocket echo: `/ws` is the page, `/ws/echo` the socket (a WebSocketPair). */

export function handleWebSocketEcho(request: Request): Response {
  if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
    return new Response("Connect to /ws/echo with a WebSocket.", { status: 426 });
  }
  const { 0: client, 1: server } = new WebSocketPair();
  server.accept();
  server.send(`connected at ${new Date().toISOString()}`);
  server.addEventListener("message", (event) => {
    server.send(typeof event.data === "string" ? `echo: ${event.data}` : event.data);
  });
  return new Response(null, { status: 101, webSocket: client });
}

export function renderWebSocketPage(): Response {
  const html = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>WebSocket echo · Kindling playground</title></head>
  <body>
    <h1>WebSocket echo</h1>
    <p>Messages go to the worker over a WebSocket and come back. Edit <code>src/websocket-echo.ts</code>:
    the socket closes with 1012 and reconnects to the new code.</p>
    <form id="form"><input id="text" value="hello" autocomplete="off" /> <button>Send</button></form>
    <pre id="log"></pre>
    <script type="module">
      const log = (line) => (document.getElementById("log").textContent += line + "\\n");
      function connect() {
        const socket = new WebSocket(location.origin.replace(/^http/, "ws") + "/ws/echo");
        socket.onmessage = (event) => log("< " + event.data);
        socket.onclose = (event) => {
          log("closed " + event.code + " " + event.reason);
          if (event.code === 1012) setTimeout(connect, 100);
        };
        document.getElementById("form").onsubmit = (event) => {
          event.preventDefault();
          const text = document.getElementById("text").value;
          log("> " + text);
          socket.send(text);
        };
      }
      connect();
    </script>
  </body>
</html>`;
  return new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } });
}
