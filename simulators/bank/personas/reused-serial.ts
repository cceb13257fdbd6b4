import type { WirePersona } from './types.ts';
import { paymentRequest, respCodeOf, WireSession } from './wire-session.ts';

/** A BANKSERIAL used again with another body: the same header, the amount one fen more. [§5] */
export const reusedSerial: WirePersona = {
  kind: 'wire',
  name: 'reused-serial',
  summary: 'sends a 1002 payment, then another 1002 with the same BANKCODE, TXDATE and BANKSERIAL but AMOUNT + 1',
  expected: 'the second is answered 1005 and changes nothing [§5, §6]',
  async run(emulator, options = {}) {
    const session = await WireSession.open(emulator, options);
    try {
      const request = paymentRequest(emulator, options);
      const { answer: first } = await session.exchange(request);
      const twin = { ...request, fields: { ...request.fields, AMOUNT: String(Number(request.fields.AMOUNT) + 1) } };
      await session.write(session.frameOf(twin));
      const second = await session.read();
      return session.outcome('reused-serial', session.connection.closed, {
        bankSerial: request.header.BANKSERIAL ?? '',
        firstRespCode: respCodeOf(session.decode(first)),
        secondRespCode: respCodeOf(session.decode(second)),
      });
    } finally {
      await session.close();
    }
  },
};
