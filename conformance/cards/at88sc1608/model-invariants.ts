import { bytesEqual, hexByte, toHex } from '../../../src/core/hex.ts';
import { FUSE_ADDRESS } from '../../../src/cards/at88sc1608/commands.ts';
import type { TestCard } from '../target.ts';
import { modelExecute, type Model } from './model.ts';

/** The model plus what the property last saw of the card's counters and fuses. */
export interface Watched {
  readonly m: Model;
  seen: { readonly passwords: Uint8Array; readonly fuses: number } | undefined;
  /** PAC addresses a step since the last look was entitled to raise (right code, config write). */
  mayRaise?: Set<number>;
}

const PASSWORDS = 0x40;

/** Records which PACs the command about to run may legitimately set back to more attempts. */
export function noteAllowedRaises(w: Watched, sent: readonly number[]): void {
  const [code, address = 0, ...rest] = sent;
  const allowed = (w.mayRaise ??= new Set());
  if (code === 0xb3 && sent.length === 5) {
    const at = PASSWORDS + 8 * (address & 7) + ((address & 8) !== 0 ? 4 : 0);
    const right = rest.every((b, i) => w.m.config[at + 1 + i] === b);
    if (right && w.m.config[at] !== 0) allowed.add(at);
  }
  if (code === 0xb4 && address < FUSE_ADDRESS) {
    for (let i = 0; i < rest.length; i++) allowed.add((address & 0xf0) | ((address + i) & 0x0f));
  }
}

/**
 * Reads the card's password area and fuse byte, compares them with the model, and checks the
 * security invariants against the previous look: a fuse never returns to intact; an attempts
 * counter never gains attempts except by the right code or an (authorised) configuration write,
 * so a locked password stays locked.
 */
export async function checkObservation(w: Watched, card: TestCard): Promise<void> {
  if (!w.m.powered) return;
  const passwords = (await card.execute({ bytes: Uint8Array.of(0xb5, PASSWORDS), readLength: 64 })).data;
  const fuses = (await card.execute({ bytes: Uint8Array.of(0xb5, FUSE_ADDRESS), readLength: 1 })).data[0] ?? -1;
  const expected = Uint8Array.from(modelExecute(w.m, [0xb5, PASSWORDS], 64).data);
  if (!bytesEqual(passwords, expected)) throw new Error(`password area ${toHex(passwords)}, model ${toHex(expected)}`);
  if (fuses !== w.m.fuses) throw new Error(`fuse byte ${hexByte(fuses)}, model ${hexByte(w.m.fuses)}`);
  const before = w.seen;
  if (before) {
    if ((~before.fuses & fuses & 0x07) !== 0) throw new Error(`a fuse came back: ${hexByte(before.fuses)} -> ${hexByte(fuses)}`);
    for (let i = 0; i < 64; i += 4) {
      const was = before.passwords[i] ?? 0;
      const now = passwords[i] ?? 0;
      if ((~was & now & 0xff) !== 0 && !w.mayRaise?.has(PASSWORDS + i)) {
        throw new Error(`PAC at ${hexByte(PASSWORDS + i)} gained attempts without the right code: ${hexByte(was)} -> ${hexByte(now)}`);
      }
    }
  }
  w.seen = { passwords, fuses };
  w.mayRaise = new Set();
}
