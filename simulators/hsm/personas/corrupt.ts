import type { FaultPersona } from './types.ts';

/**
 * `corrupt`: one byte of every answer has its low bit flipped, at `offset` from the start (negative:
 * from the end; -1, the default, is the last byte: a MAC digit, or the error code of an empty answer).
 */
export function corruptByte(offset = -1): FaultPersona {
  return {
    name: 'corrupt',
    summary: `flips the low bit of answer byte ${offset}`,
    apply: async (answer) => {
      const bytes = Uint8Array.from(answer.message);
      const at = offset < 0 ? bytes.length + offset : offset;
      if (at >= 0 && at < bytes.length) bytes[at]! ^= 0x01;
      return { kind: 'send', message: bytes };
    },
  };
}
