import net from "node:net";
import { neonConfig } from "@neondatabase/serverless";
import { WebSocket, WebSocketServer } from "ws";

/**
 * @vercel/postgres speaks Postgres over a WebSocket (Neon's protocol). Against a Postgres server on
 * this machine (development and tests) that socket needs a small WebSocket-to-TCP relay; on Vercel
 * nothing here runs. The relay listens on loopback only.
 */
let relay: Promise<number> | null = null;

function startRelay(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    server.on("connection", (socket, request) => {
      const address = new URL(request.url ?? "/", "http://relay").searchParams.get("address") ?? "";
      const [host, portText] = address.split(":");
      if (host !== "localhost" && host !== "127.0.0.1") {
        socket.close(1008, "only local Postgres servers are relayed");
        return;
      }
      const tcp = net.connect(Number(portText) || 5432, "127.0.0.1");
      tcp.on("data", (chunk) => socket.readyState === WebSocket.OPEN && socket.send(chunk));
      tcp.on("close", () => socket.close());
      tcp.on("error", () => socket.close());
      socket.on("message", (data) => tcp.write(data as Buffer));
      socket.on("close", () => tcp.destroy());
    });
    server.on("listening", () => {
      const addr = server.address();
      resolve(typeof addr === "object" && addr ? addr.port : 0);
    });
    server.on("error", reject);
    // The relay must not keep a finished test or CLI process alive.
    (server as unknown as { _server?: net.Server })._server?.unref();
  });
}

let relayPort = 0;

/** Points the Neon driver at the local relay when the URL names this machine. */
export function configureLocalVercel(url: string): void {
  const host = new URL(url).hostname;
  if (host !== "localhost" && host !== "127.0.0.1") return;
  neonConfig.webSocketConstructor = WebSocket;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
  neonConfig.wsProxy = (h: string, p: string | number) => `127.0.0.1:${relayPort}/?address=${h}:${p}`;
}

export async function ensureLocalRelay(): Promise<number> {
  if (!relay) relay = startRelay();
  relayPort = await relay;
  return relayPort;
}
