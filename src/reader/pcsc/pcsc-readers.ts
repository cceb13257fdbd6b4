import { PcscContext, type PcscReaderState } from './pcsc-context.ts';

export type { PcscReaderState } from './pcsc-context.ts';

/**
 * The readers pcscd knows, with card presence and ATR, taken once PC/SC has announced nothing new
 * for `quietMs` (default 300 ms), at the latest after `timeoutMs` (default 3000 ms).
 */
export async function listPcscReaders(options: { quietMs?: number; timeoutMs?: number } = {}): Promise<PcscReaderState[]> {
  const context = await PcscContext.open();
  try {
    await context.settle(options.quietMs ?? 300, options.timeoutMs ?? 3000);
    return context.states;
  } finally {
    await context.close();
  }
}
