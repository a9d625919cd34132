import { createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A TCP proxy to `target` on loopback that can stop passing bytes on: a server that hangs. */
export interface TcpProxy {
  port: number;
  /** Nothing passes on, either way, until `resume()`: connections stay open, answers never come. */
  pause(): void;
  resume(): void;
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    pause: () => {
      paused = true;
      sockets.forEach((socket) => socket.pause());
    },
    resume: () => {
      paused = false;
      sockets.forEach((socket) => socket.resume());
    },
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}
