import { Duplex, PassThrough } from 'node:stream';

/**
 * Two ends of an in-memory serial line (Node 20 has no stream.duplexPair): what one end writes the
 * other reads. `cut()` ends the reader-to-host direction, as when a USB-serial adapter is unplugged.
 */
export function duplexPair(): { host: Duplex; reader: Duplex; cut(): void } {
  const hostToReader = new PassThrough();
  const readerToHost = new PassThrough();
  const host = Duplex.from({ readable: readerToHost, writable: hostToReader });
  const reader = Duplex.from({ readable: hostToReader, writable: readerToHost });
  return { host, reader, cut: () => readerToHost.end() };
}

/** Resolves after pending stream callbacks and microtasks have run. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
