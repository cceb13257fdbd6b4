import { createServer } from 'node:net';

/**
 * A port P with P + 1 free too, on every interface: vpcd in its listening mode binds INADDR_ANY on
 * port and port + 1 (vpcd.c opensock), and cannot be given port 0. The ports are released before
 * pcscd binds them, so another process could take them in between; the harness then sees vpcd
 * fail in pcscd's log.
 */
export async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const first = await bind(0);
    if (first === undefined) continue;
    if (first.port >= 65535) {
      await first.close();
      continue;
    }
    const second = await bind(first.port + 1);
    await first.close();
    if (second) {
      await second.close();
      return first.port;
    }
  }
  throw new Error('no two consecutive free TCP ports found');
}

function bind(port: number): Promise<{ port: number; close(): Promise<void> } | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen({ host: '0.0.0.0', port, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      resolve({ port: bound, close: () => new Promise<void>((done) => server.close(() => done())) });
    });
  });
}
