import { connect, type Socket } from 'node:net';
import { formatHostPort } from './host-port.ts';

/**
 * Opens a TCP connection, or rejects with the caller's error (`failure(message, cause)`) when it is
 * refused or does not come up within `timeoutMs`; the message names the address.
 */
export function connectWithin(host: string, port: number, timeoutMs: number, failure: (message: string, cause?: Error) => Error): Promise<Socket> {
  const where = formatHostPort(host, port);
  const socket = connect({ host, port });
  return new Promise<Socket>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(failure(`no connection to ${where} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(failure(`cannot connect to ${where}: ${error.message}`, error));
    });
  });
}
