/** Cheap dependency checks for `/readyz`: can a TCP connection be opened, quickly? */
import { connect } from 'node:net';

export function tcpReachable(url: string, timeoutMs = 1000): () => Promise<boolean> {
  const { hostname, port, protocol } = new URL(url);
  const target = { host: hostname.replace(/^\[|\]$/g, ''), port: Number(port) || (protocol === 'https:' ? 443 : 80) };
  return () =>
    new Promise((resolve) => {
      const socket = connect(target);
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(timeoutMs, () => done(false));
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
    });
}
