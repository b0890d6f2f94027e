import type { IncomingMessage } from 'node:http';
import { CloseCode, makeServer, type ServerOptions } from 'graphql-ws';
import WebSocket, { type WebSocketServer } from 'ws';
import type { Logger } from '../../lib/logger.js';

/** What every graphql-ws context carries: the socket and its upgrade request. */
export interface SocketExtra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
}

export interface TransportOptions {
  /** ws-level ping this often; a client that has not answered the previous ping is dropped. */
  keepAliveMs: number;
  logger: Logger;
}

/**
 * Runs graphql-ws (the graphql-transport-ws protocol) over a `ws` server. Compared to the
 * library's stock adapter: a send resolves once the frame is flushed to the kernel, so a
 * client that stops reading stalls only its own subscriptions' loops (whose queues then
 * overflow and cut it off) — and a send on a socket that is going away resolves instead
 * of failing, as that socket's close handler already cleans up. Errors go to our logger.
 */
export function serveGraphQLWs<P extends Record<string, unknown>>(
  wss: WebSocketServer,
  options: ServerOptions<P, SocketExtra>,
  transport: TransportOptions,
): void {
  const server = makeServer<P, SocketExtra>(options);

  wss.on('connection', (socket, request) => {
    let alive = true;
    socket.on('pong', () => {
      alive = true;
    });
    const heartbeat = setInterval(() => {
      if (!alive) {
        socket.terminate();
        return;
      }
      alive = false;
      if (socket.readyState === WebSocket.OPEN) socket.ping();
    }, transport.keepAliveMs);
    heartbeat.unref();

    socket.on('error', (error) => {
      transport.logger.warn({ err: error }, 'subscription socket error');
      socket.terminate();
    });

    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve) => {
            if (socket.readyState !== WebSocket.OPEN) return resolve();
            socket.send(data, () => resolve());
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (data) => {
            handle(String(data)).catch((error: unknown) => {
              transport.logger.error({ err: error }, 'graphql-ws message handling failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            });
          }),
      },
      { socket, request },
    );

    socket.once('close', (code, reason) => {
      clearInterval(heartbeat);
      closed(code, reason.toString()).catch((error: unknown) => transport.logger.error({ err: error }, 'graphql-ws close handling failed'));
    });
  });
}
