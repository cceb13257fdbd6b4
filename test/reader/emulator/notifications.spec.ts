import { expect } from 'chai';
import { toHex } from '../../../src/core/hex.ts';
import { encodeNotifySlotChange } from '../../../simulators/reader/slot-change.ts';
import { FakeCard } from '../fixtures/echo-firmware.ts';
import { bench } from './support.ts';

describe('reader emulator: NotifySlotChange (CCID 1.1 §6.3.1)', () => {
  it('reports insertion as 50 03 and removal as 50 02 (bit 0 present, bit 1 changed)', () => {
    const { emulator, card } = bench('acr39u', { empty: true });
    const seen: string[] = [];
    emulator.onInterrupt((message) => seen.push(toHex(message)));
    emulator.insert(0, card);
    emulator.remove(0);
    // The same two bytes libccid's serial driver names CARD_PRESENT (03) and CARD_ABSENT (02).
    expect(seen).to.deep.equal(['50 03', '50 02']);
  });

  it('reports a changed bit once: slot 1 moving later does not repeat slot 0 as changed', () => {
    const { emulator } = bench('dual-slot', { empty: true });
    const seen: string[] = [];
    emulator.onInterrupt((message) => seen.push(toHex(message)));
    emulator.insert(1, new FakeCard()); // slot 1: bits 3..2 = 11 → 0C
    emulator.insert(0, new FakeCard()); // slot 0 present+changed (03), slot 1 present (04) → 07
    emulator.remove(1); // slot 0 present (01), slot 1 absent+changed (08) → 09
    expect(seen).to.deep.equal(['50 0C', '50 07', '50 09']);
  });

  it('keeps changes while nobody listens and reports them, merged, to the next listener', () => {
    const { emulator, card } = bench('acr39u', { empty: true });
    emulator.insert(0, card);
    emulator.remove(0);
    const first: string[] = [];
    emulator.onInterrupt((message) => first.push(toHex(message)));
    // Absent now, and changed since the last report.
    expect(first).to.deep.equal(['50 02']);
    const second: string[] = [];
    emulator.onInterrupt((message) => second.push(toHex(message)));
    expect(second, 'already reported').to.deep.equal([]);
  });

  it('stops calling a listener that unsubscribed', () => {
    const { emulator, card } = bench('acr39u', { empty: true });
    const seen: string[] = [];
    const unsubscribe = emulator.onInterrupt((message) => seen.push(toHex(message)));
    unsubscribe();
    emulator.insert(0, card);
    expect(seen).to.deep.equal([]);
  });

  it('packs two bits per slot, slot 4 in the second byte, as libccid reads it (byte slot/4 + 1)', () => {
    const present = [true, false, false, false, true];
    const changed = [false, false, false, false, true];
    expect(toHex(encodeNotifySlotChange(present, changed))).to.equal('50 01 03');
  });
});
