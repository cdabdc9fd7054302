import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import net, { type Socket } from 'node:net';
import { AppError, toErrorBody } from '../errors';

interface Tracked {
  inFlight: number;
  /** Sweeps that found the socket without a request; two in a row mean it is really idle. */
  idleSweeps: number;
}

export interface DrainResult {
  /** Requests still running when the deadline passed, cut off. */
  cut: number;
}

export interface GracefulServer {
  server: Server;
  /** Stop taking work, finish what is in flight (until the deadline), close every connection. */
  drain(deadlineMs: number): Promise<DrainResult>;
}

const SWEEP_MS = 25;
const RETRY_AFTER_SECONDS = 5;

/**
 * An HTTP server that can shut down without resetting a connection whose request was sent.
 * Requests the app already received finish normally. Connections still waiting in the kernel's
 * listen queue are accepted by the loop one per turn (libuv), so the listener stays open until
 * they are all taken; their requests, and any arriving on a kept-alive connection, are answered
 * 503 with Retry-After and `Connection: close`: the client gets an answer and retries elsewhere,
 * and nothing is half-done.
 */
export function createGracefulServer(app: RequestListener): GracefulServer {
  const sockets = new Map<Socket, Tracked>();
  const open = new Set<ServerResponse>();
  let draining = false;
  let acceptedSinceSweep = 0;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const tracked = sockets.get(req.socket);
    if (tracked) tracked.idleSweeps = 0;
    if (draining) return refuse(res);
    if (tracked) tracked.inFlight++;
    open.add(res);
    res.on('close', () => {
      open.delete(res);
      if (tracked) tracked.inFlight--;
    });
    app(req, res);
  });
  server.on('connection', (socket: Socket) => {
    acceptedSinceSweep++;
    sockets.set(socket, { inFlight: 0, idleSweeps: 0 });
    socket.on('close', () => sockets.delete(socket));
  });

  const drain = (deadlineMs: number) =>
    new Promise<DrainResult>((resolve) => {
      draining = true;
      // Keep-alive clients learn with their answer that the connection ends after it.
      for (const res of open) if (!res.headersSent) res.setHeader('Connection', 'close');
      let quietSweeps = 0;
      acceptedSinceSweep = 0;
      const finish = (cut: number) => {
        clearInterval(sweep);
        clearTimeout(deadline);
        if (server.listening) net.Server.prototype.close.call(server);
        for (const socket of sockets.keys()) socket.destroy();
        resolve({ cut });
      };
      const deadline = setTimeout(() => finish(open.size), deadlineMs);
      // Each sweep runs at least one poll after the previous: a socket with a request waiting
      // unread has started it by the second sweep, and a non-empty listen queue yields a connection.
      const sweep = setInterval(() => {
        quietSweeps = acceptedSinceSweep === 0 && open.size === 0 ? quietSweeps + 1 : 0;
        acceptedSinceSweep = 0;
        // net's close, not http's: http's would also destroy accepted connections whose
        // request is not parsed yet, as if they were idle.
        if (server.listening && quietSweeps >= 2) net.Server.prototype.close.call(server);
        for (const [socket, tracked] of sockets) {
          if (tracked.inFlight === 0 && ++tracked.idleSweeps >= 2) socket.destroy();
        }
        if (!server.listening && sockets.size === 0) finish(0);
      }, SWEEP_MS);
    });

  return { server, drain };
}

function refuse(res: ServerResponse): void {
  const err = new AppError('service_unavailable', 'The server is restarting; try again in a few seconds');
  res.writeHead(503, {
    'Content-Type': 'application/json; charset=utf-8',
    'Retry-After': String(RETRY_AFTER_SECONDS),
    'Cache-Control': 'no-store',
    Connection: 'close',
  });
  res.end(JSON.stringify(toErrorBody(err)));
}
