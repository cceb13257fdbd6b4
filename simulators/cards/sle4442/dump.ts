import { toHex } from '../../../src/core/hex.ts';
import { attemptsLeft, isProtectedIn, PROTECTED_AREA_SIZE } from '../../../src/cards/sle4442/commands.ts';
import { bits, hexDump } from '../common/hexdump.ts';
import type { Sle4442Session } from './chip.ts';
import type { Sle4442Contents } from './memory.ts';

export interface Sle4442DumpInput {
  readonly contents: Sle4442Contents;
  readonly powered: boolean;
  readonly session: Sle4442Session;
}

/** Every area of the card, protection and the counter spelled out, for an engineer to read. */
export function dumpSle4442({ contents, powered, session }: Sle4442DumpInput): string {
  const { main, protection, security } = contents;
  const isProtected = (a: number): boolean => isProtectedIn(protection, a);
  const protectedList = ranges(Array.from({ length: PROTECTED_AREA_SIZE }, (_, a) => a).filter(isProtected));
  const ec = security[0]! & 0x07;
  const left = attemptsLeft(ec);
  const state = !powered
    ? 'unpowered'
    : session.verified
      ? 'powered, PSC verified (write access until power-off)'
      : 'powered, PSC not verified';
  const counter = left === 0 ? 'LOCKED (no attempt left: card can never be written again)' : `${left} attempt${left === 1 ? '' : 's'} left`;
  const attempt = session.attempt === undefined ? '' : `; PSC attempt running, ${session.attempt} of 3 bytes compared equal`;
  return [
    `SLE4442 — ${state}${attempt}`,
    `Main memory (256 bytes; * = write-protected, bytes 0..31 only):`,
    hexDump(main, { mark: (a) => (isProtected(a) ? '*' : ' ') }),
    `Protection memory: ${toHex(protection)}  (bits, byte 0 first: ${Array.from(protection, bits).join(' | ')})`,
    `  protected bytes: ${protectedList || 'none'}`,
    `Security memory: ${toHex(security)}`,
    `  error counter EC: ${bits(ec)}  ${counter}`,
    `  PSC: ${toHex(security.slice(1, 4))}  (reads as 00 00 00 on the card until verified)`,
  ].join('\n');
}

/** [0,1,2,3,21,22] → "00-03, 15-16" (hex addresses). */
function ranges(addresses: number[]): string {
  const parts: string[] = [];
  const hex = (a: number): string => a.toString(16).toUpperCase().padStart(2, '0');
  for (let i = 0; i < addresses.length; ) {
    let j = i;
    while (j + 1 < addresses.length && addresses[j + 1] === addresses[j]! + 1) j++;
    parts.push(i === j ? hex(addresses[i]!) : `${hex(addresses[i]!)}-${hex(addresses[j]!)}`);
    i = j + 1;
  }
  return parts.join(', ');
}
