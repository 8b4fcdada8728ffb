import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** Requests started per event-loop turn before finished keep-alive connections wait their turn. */
export const REQUESTS_PER_TURN = 16;

/**
 * Keeps a saturated server accepting new connections. libuv (since 1.45, so Node 20) accepts one
 * connection each time epoll reports the listening socket ready, and epoll reports ready sockets
 * in rotation, at most 1,024 per call. With thousands of busy keep-alive connections the
 * listening socket comes up once per rotation: measured here, about 15 accepts a second while
 * renewals run at 20,000 a second, so a burst of new connections (every app reconnecting after
 * an outage) waits in the kernel's accept queue for many seconds.
 *
 * So each turn of the event loop starts at most `perTurn` requests freely; after that, a
 * connection whose response has gone out stops being read (its next request waits in the
 * kernel) and joins a first-come queue that is read again `perTurn` connections per turn. The
 * set of sockets epoll rotates through stays small, the listening socket comes up every turn,
 * and connections are served in order of arrival. Below the limit nothing is paused.
 */
export function limitRequestsPerTurn(server: Server, perTurn = REQUESTS_PER_TURN): void {
  let started = 0;
  let scheduled = false;
  const waiting: Socket[] = [];

  const nextTurn = () => {
    scheduled = false;
    started = 0;
    for (const socket of waiting.splice(0, perTurn)) if (!socket.destroyed) socket.resume();
    if (waiting.length > 0) schedule();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    // The check phase, right after this turn's I/O callbacks.
    setImmediate(nextTurn);
  };

  server.on('request', (request, response) => {
    started += 1;
    schedule();
    if (started <= perTurn) return;
    const socket = request.socket;
    response.once('finish', () => {
      if (socket.destroyed) return;
      socket.pause();
      waiting.push(socket);
      schedule();
    });
  });
}
