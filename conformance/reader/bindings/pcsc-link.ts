import { PcscChannel } from '../../../src/reader/pcsc/pcsc-channel.ts';
import type { ExternalCardLink } from '../target.ts';

/** A PC/SC card link the certify command closes after the run. */
export interface ClosableCardLink extends ExternalCardLink {
  close(): Promise<void>;
}

/**
 * The card in PC/SC reader `readerName`. PcscChannel has no SCardReconnect, so a reset is a
 * disconnect and a new connect, and the ATR is the one pcscd holds for the card: a check that the
 * reader reports the same ATR each time, not a power cycle.
 */
export async function openPcscCardLink(readerName: string): Promise<ClosableCardLink> {
  let channel = await PcscChannel.open(readerName);
  return {
    transmit: (command) => channel.transmit(command),
    async reset() {
      await channel.close();
      channel = await PcscChannel.open(readerName);
      return channel.atr;
    },
    close: () => channel.close(),
  };
}
