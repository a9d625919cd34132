import { createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy to `target` on loopback that can stop passing bytes on (a server that hangs) or
 * go away altogether (a server that is down).
 */
export interface TcpProxy {
  port: number;
  /** Nothing passes on, either way, until `resume()`: connections stay open, answers never come. */
  pause(): void;
  /** The server is gone: every connection is closed and new ones are refused, until `resume()`. */
  cut(): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let paused = false;
  const server: Server = createServer((client) => {
    const upstream = new Socket().connect(target.port, target.host);
    client.pipe(upstream).pipe(client);
    // After the pipes, which resume their sources: a connection opened while paused hangs too.
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined); // the other side's close ends this one too
      if (paused) socket.pause();
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const listen = (port: number) =>
    new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    pause: () => {
      paused = true;
      sockets.forEach((socket) => socket.pause());
    },
    cut: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      sockets.forEach((socket) => socket.destroy());
      await closed;
    },
    resume: async () => {
      paused = false;
      sockets.forEach((socket) => socket.resume());
      if (!server.listening) await listen(port);
    },
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}
