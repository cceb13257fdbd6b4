import { BankSettingError } from '../errors.ts';
import type { WirePersona } from './types.ts';
import { queryRequest, respCodeOf, WireSession } from './wire-session.ts';

/**
 * A frame dribbled out: `chunkSize` bytes per write, `delayMs` apart on the emulator's clock. Within
 * the 10 s frame limit the BOSS must put the pieces together; past it, it closes. [§1]
 */
export const slowFrame: WirePersona = {
  kind: 'wire',
  name: 'slow-frame',
  summary: 'sends a 1001 query chunkSize bytes at a time (default 1), delayMs apart (default 100)',
  expected: 'answered normally while the frame completes within 10 s of its first byte; closed without an answer after that [§1]',
  async run(emulator, options = {}) {
    const chunkSize = options.chunkSize ?? 1;
    const delayMs = options.delayMs ?? 100;
    if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new BankSettingError('chunkSize', `${chunkSize} is not a whole number >= 1`);
    if (!(delayMs >= 0)) throw new BankSettingError('delayMs', `${delayMs} is not a delay >= 0`);
    const session = await WireSession.open(emulator, options);
    try {
      const request = queryRequest(emulator, options);
      const frame = session.frameOf(request);
      const started = emulator.clock.now();
      for (let at = 0; at < frame.length; at += chunkSize) {
        if (at > 0) await emulator.clock.sleep(delayMs);
        if (!(await session.write(frame.subarray(at, at + chunkSize)))) break;
      }
      const spentMs = emulator.clock.now() - started;
      const answer = await session.read();
      session.book(request, frame, answer);
      return session.outcome('slow-frame', session.connection.closed, { chunks: session.written.length, spentMs, respCode: respCodeOf(session.decode(answer)) });
    } finally {
      await session.close();
    }
  },
};
