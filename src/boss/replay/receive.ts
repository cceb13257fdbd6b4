import { BankConnectionError, type BankConnection } from '../client/bank-connection.ts';

/** What waiting for the BOSS produced. */
export type Received =
  | { readonly kind: 'frame'; readonly body: Uint8Array }
  | { readonly kind: 'closed' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'garbage'; readonly message: string };

/** The next answer, a close, bytes that are not a frame, or nothing within `timeoutMs`. */
export async function receive(bank: BankConnection, timeoutMs: number): Promise<Received> {
  try {
    const body = await bank.nextFrame(timeoutMs);
    return body === undefined ? { kind: 'closed' } : { kind: 'frame', body };
  } catch (error) {
    if (error instanceof BankConnectionError && error.reason === 'timeout') return { kind: 'timeout' };
    if (error instanceof BankConnectionError && error.reason === 'framing') return { kind: 'garbage', message: error.message };
    return { kind: 'closed' };
  }
}
