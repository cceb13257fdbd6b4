import { bytesEqual } from '../../../src/core/hex.ts';
import type { WirePersona } from './types.ts';
import { paymentRequest, respCodeOf, WireSession } from './wire-session.ts';

/** The same request sent again, byte for byte, after its answer (a bank retrying). [bank-interface §5] */
export const retransmit: WirePersona = {
  kind: 'wire',
  name: 'retransmit',
  summary: 'sends a 1002 payment, reads its answer, then sends the very same frame again on the same connection',
  expected: 'the second answer is the first one byte for byte, and the payment is posted once [§5]',
  async run(emulator, options = {}) {
    const session = await WireSession.open(emulator, options);
    try {
      const request = paymentRequest(emulator, options);
      const { frame, answer: first } = await session.exchange(request);
      await session.write(frame);
      const second = await session.read();
      return session.outcome('retransmit', session.connection.closed, {
        identical: first !== undefined && second !== undefined && bytesEqual(first, second),
        firstRespCode: respCodeOf(session.decode(first)),
        secondRespCode: respCodeOf(session.decode(second)),
      });
    } finally {
      await session.close();
    }
  },
};
