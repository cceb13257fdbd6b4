import { connect } from 'node:net';
import { ReaderLinkError } from '../errors.ts';

/** pcsc-lite's daemon socket (pcsclite.h PCSCLITE_CSOCK_NAME); clients honour the same-named variable. */
export const PCSCD_DEFAULT_SOCKET = '/run/pcscd/pcscd.comm';

export function pcscdSocketPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.PCSCLITE_CSOCK_NAME || PCSCD_DEFAULT_SOCKET;
}

/**
 * Throws ReaderLinkError unless pcscd accepts a connection on its socket. Checked before the
 * binding is touched: @pokusew/pcsclite 0.6 retries SCardEstablishContext in a loop on the main
 * thread while the service is missing (src/pcsclite.cpp), which would hang the process instead of
 * failing.
 */
export async function expectPcscdRunning(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const path = pcscdSocketPath(env);
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ path });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      reject(new ReaderLinkError(`pcscd is not running: nothing answers on ${path} (${error.code ?? error.message}); start it (pcscd, or systemctl start pcscd.socket)`, { cause: error })),
    );
  });
}

/**
 * Like expectPcscdRunning, but gives pcscd up to `timeoutMs` to come up (started next to us, or
 * restarted), asking every `pollMs`; the last ReaderLinkError if it never answers.
 */
export async function waitForPcscd(timeoutMs: number, env: NodeJS.ProcessEnv = process.env, pollMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await expectPcscdRunning(env);
    } catch (error) {
      if (Date.now() + pollMs > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }
}
