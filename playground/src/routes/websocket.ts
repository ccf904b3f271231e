import type { Route } from "../router.js";
import { handleWebSocketEcho, renderWebSocketPage } from "../websocket-echo.js";

export const webSocketRoutes: Route[] = [
  { path: "/ws", title: "WebSocket echo", handler: () => renderWebSocketPage() },
  { path: "/ws/echo", handler: ({ request }) => handleWebSocketEcho(request) },
];
