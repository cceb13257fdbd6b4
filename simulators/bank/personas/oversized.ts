import { concatBytes } from '../../../src/core/hex.ts';
import { BankSettingError } from '../errors.ts';
import type { WirePersona } from './types.ts';
import { respCodeOf, WireSession } from './wire-session.ts';

/** At most this much of the announced body is actually sent: the BOSS decides on the prefix. */
const MAX_SENT = 65_536;

/** A length prefix over the profile's maximum body (8192), followed by that many filler bytes. [§1] */
export const oversized: WirePersona = {
  kind: 'wire',
  name: 'oversized',
  summary: 'announces `announced` body bytes (default the maximum + 1, 8193) and sends that many bytes of X (up to 64 KiB)',
  expected: 'answered 1004 with TXCODE 0000, then the connection is closed [§1, §6]',
  async run(emulator, options = {}) {
    const { lengthDigits, maxBody } = emulator.profile.framing;
    const announced = options.announced ?? maxBody + 1;
    if (!Number.isInteger(announced) || announced <= maxBody || String(announced).length > lengthDigits) {
      throw new BankSettingError('announced', `${announced} must be a whole number over ${maxBody} with at most ${lengthDigits} digits`);
    }
    const prefix = Uint8Array.from(Buffer.from(String(announced).padStart(lengthDigits, '0'), 'latin1'));
    const session = await WireSession.open(emulator, options);
    try {
      await session.write(concatBytes(prefix, new Uint8Array(Math.min(announced, MAX_SENT)).fill(0x58)));
      const answer = await session.read();
      const decoded = session.decode(answer);
      return session.outcome('oversized', await session.closedByPeer(), { announced, respCode: respCodeOf(decoded), answerTxcode: decoded?.txcode ?? '-' });
    } finally {
      await session.close();
    }
  },
};
