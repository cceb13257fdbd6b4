import { concatBytes } from '../../../src/core/hex.ts';
import type { WirePersona } from './types.ts';
import { paymentRequest, queryRequest, respCodeOf, WireSession } from './wire-session.ts';

/**
 * Two requests in one write, without waiting for the first answer, against §1's one at a time.
 * A BOSS that reads frames in order answers both, in order; the persona reports what it did.
 */
export const pipeline: WirePersona = {
  kind: 'wire',
  name: 'pipeline',
  summary: 'sends a 1001 query and a 1002 payment in a single write, then reads two answers',
  expected: 'both answered, in the order sent (or, if the BOSS refuses pipelining, a close without a half-applied payment) [§1]',
  async run(emulator, options = {}) {
    const session = await WireSession.open(emulator, options);
    try {
      const requests = [queryRequest(emulator, options), paymentRequest(emulator, options)];
      const frames = requests.map((r) => session.frameOf(r));
      await session.write(concatBytes(...frames));
      const answers = [await session.read(), await session.read()];
      const decoded = answers.map((a) => session.decode(a));
      requests.forEach((request, i) => {
        const answer = answers.find((_, j) => decoded[j]?.header.BANKSERIAL === request.header.BANKSERIAL);
        session.book(request, frames[i]!, answer);
      });
      const inOrder = requests.every((r, i) => decoded[i]?.header.BANKSERIAL === r.header.BANKSERIAL);
      return session.outcome('pipeline', session.connection.closed, {
        answered: answers.filter((a) => a !== undefined).length,
        inOrder,
        firstRespCode: respCodeOf(decoded[0]),
        secondRespCode: respCodeOf(decoded[1]),
      });
    } finally {
      await session.close();
    }
  },
};
