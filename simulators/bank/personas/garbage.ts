import { concatBytes } from '../../../src/core/hex.ts';
import { BankSettingError } from '../errors.ts';
import type { WirePersona } from './types.ts';
import { respCodeOf, WireSession } from './wire-session.ts';

/** Letters only, so the length prefix fails on its first byte. */
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * Bytes that are not a frame: a prefix of letters where the 6 length digits belong, then random
 * bytes, all from the emulator's seeded random. [§1]
 */
export const garbage: WirePersona = {
  kind: 'wire',
  name: 'garbage',
  summary: 'sends 6 random letters where the length digits belong, then `length` random bytes (default 32)',
  expected: 'answered 1002 with TXCODE 0000 and an empty BANKSERIAL, then the connection is closed [§1, §6]',
  async run(emulator, options = {}) {
    const length = options.length ?? 32;
    if (!Number.isInteger(length) || length < 0) throw new BankSettingError('length', `${length} is not a whole number >= 0`);
    const digits = emulator.profile.framing.lengthDigits;
    const prefix = Uint8Array.from({ length: digits }, () => LETTERS.charCodeAt(emulator.random.int(0, LETTERS.length - 1)));
    const session = await WireSession.open(emulator, options);
    try {
      await session.write(concatBytes(prefix, emulator.random.bytes(length)));
      const answer = await session.read();
      const decoded = session.decode(answer);
      return session.outcome('garbage', await session.closedByPeer(), { respCode: respCodeOf(decoded), answerTxcode: decoded?.txcode ?? '-' });
    } finally {
      await session.close();
    }
  },
};
