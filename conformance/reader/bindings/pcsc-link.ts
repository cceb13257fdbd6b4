import { PcscChannel } from '../../../src/reader/pcsc/pcsc-channel.ts';
import type { ExternalCardLink } from '../target.ts';

/** A PC/SC card link the certify command closes after the run. */
export interface ClosableCardLink extends ExternalCardLink {
  close(): Promise<void>;
}

/**
 * The card in PC/SC reader `readerName`. The suite's reset is a warm reset on the same connection
 * (SCARD_RESET_CARD, PcscChannel.reconnect) and answers the ATR the card gave after it.
 */
export async function openPcscCardLink(readerName: string): Promise<ClosableCardLink> {
  const channel = await PcscChannel.open(readerName);
  return {
    transmit: (command) => channel.transmit(command),
    reset: () => channel.reconnect('reset'),
    close: () => channel.close(),
  };
}
