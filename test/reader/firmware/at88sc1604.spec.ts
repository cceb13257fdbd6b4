import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { parseHex, toHex } from '../../../src/core/hex.ts';
import { CardMuteError } from '../../../src/cards/synchronous-card.ts';
import * as chip from '../../../src/cards/at88sc1604/driver.ts';
import type { At88sc1604Card } from '../../../simulators/cards/at88sc1604/index.ts';
import { cardDefinition } from '../../../simulators/cards/registry.ts';
import { at88sc1604Firmware } from '../../../simulators/reader/firmware/at88sc1604.ts';
import { startFirmware, type FirmwareRig } from '../fixtures/firmware-rig.ts';

// ACS publishes no AT88SC1604 command set: this firmware speaks the AT88SC102's (ACR38x v6.04
// §9.3.9) with a 16-bit byte address in P1 P2, and names codes in `FF 20 P1 P2` as sqf-ice/Mygit
// sc102_1604.c does (00 00 SC, 00 0n SCn, 01 0n EZn) — docs/cards/at88sc1604.md §Through a reader.
// Addresses and fields: src/cards/at88sc1604/commands.ts (sqf-ice byte addresses). Bytes go LSB
// first as for the AT88SC102, so the datasheet-order FZ 0F 0F reads F0 F0 and code F0 F0 is sent 0F 0F.

const SC = '0F 0F';

interface Rig extends FirmwareRig {
  readonly card: At88sc1604Card;
  memory(): Uint8Array;
}

async function rig(options: { clock?: VirtualClock } = {}): Promise<Rig> {
  const card = cardDefinition('AT88SC1604').create(options.clock ? { clock: options.clock } : { timing: false }) as At88sc1604Card;
  return {
    ...(await startFirmware(at88sc1604Firmware, card, options.clock)),
    card,
    memory: () => parseHex(card.toImage().areas['memory'] ?? ''),
  };
}

describe('AT88SC1604 reader firmware (type 0A, stbpay\'s command set)', () => {
  it('selects type 0A only (power-cycling the card) and answers 6A 81 to 09, 67 00 / 6B 00 to a malformed select', async () => {
    const r = await rig();
    expect(await r.tx(`FF 20 00 00 02 ${SC}`)).to.equal('90 00');
    expect(r.card.validatedCodes).to.deep.equal(['SC']);
    expect(await r.tx('FF A4 00 00 01 0A')).to.equal('90 00');
    expect(r.card.validatedCodes).to.deep.equal([]);
    expect(await r.tx('FF A4 00 00 01 09')).to.equal('6A 81');
    expect(await r.tx('FF A4 00 00 00')).to.equal('67 00');
    expect(await r.tx('FF A4 01 00 01 0A')).to.equal('6B 00');
  });

  it('reads with a 16-bit byte address, LSB first, up to the last byte (7D8h, FUSE2)', async () => {
    const r = await rig();
    expect(await r.tx('FF B0 00 00 02')).to.equal('F0 F0 90 00');
    expect(await r.tx('FF B0 07 D7 02')).to.equal('00 FF 90 00'); // FUSE1 blown when shipped, FUSE2 intact
    expect(await r.tx('FF B0 07 D9 01')).to.equal('6B 00');
    expect(await r.tx('FF B0 07 D8 02')).to.equal('6B 00'); // runs past the last byte
  });

  it('writes AZ2 (4CBh) with SC, answers 65 81 without it, and keeps the LSB-first order on the chip', async () => {
    const r = await rig();
    expect(await r.tx('FF D0 04 CC 02 12 34')).to.equal('65 81');
    expect(await r.tx(`FF 20 00 00 02 ${SC}`)).to.equal('90 00');
    expect(await r.tx('FF D0 04 CC 02 12 34')).to.equal('90 00');
    expect(await r.tx('FF B0 04 CC 02')).to.equal('12 34 90 00');
    expect(toHex(r.memory().subarray(0x4cc, 0x4ce))).to.equal('48 2C');
    expect(await r.tx('FF D0 07 D8 02 00 00')).to.equal('6B 00');
    expect(await r.tx('FF D0 07 D9 01 00')).to.equal('6B 00');
  });

  it('counts SC attempts on SCAC (8) and answers 63 00 once it is locked', async () => {
    const r = await rig();
    expect(await r.tx('FF 20 00 00 02 F0 F0')).to.equal('90 00'); // datasheet order on the wire: wrong
    expect(await r.tx('FF B0 00 0C 01')).to.equal('FE 90 00');
    for (let i = 0; i < 7; i++) expect(await r.tx('FF 20 00 00 02 00 00')).to.equal('90 00');
    expect(await chip.attemptsLeft(r.card, 'scac')).to.equal(0);
    expect(await r.tx(`FF 20 00 00 02 ${SC}`)).to.equal('63 00');
    expect(r.card.validatedCodes).to.deep.equal([]);
  });

  it('presents SC1 on S1AC, SC2 without a counter, and EZn on EnAC', async () => {
    const r = await rig();
    expect(await r.tx('FF 20 00 01 02 00 00')).to.equal('90 00'); // SC1 ships FF FF
    expect(toHex(r.memory().subarray(0x17, 0x18))).to.equal('7F');
    expect(await r.tx('FF 20 00 01 02 FF FF')).to.equal('90 00');
    expect(r.card.validatedCodes).to.deep.equal(['SC1']);
    expect(await r.tx(`FF 20 00 00 02 ${SC}`)).to.equal('90 00');
    expect(await r.tx('FF 20 00 02 02 FF FF')).to.equal('90 00'); // SC2 counts only after SC
    expect(await r.tx('FF 20 01 03 02 FF FF')).to.equal('90 00');
    expect(r.card.validatedCodes).to.include.members(['SC1', 'SC', 'SC2', 'EZ3']);
    expect(await r.tx('FF 20 01 05 02 FF FF')).to.equal('6B 00');
    expect(await r.tx('FF 20 02 01 02 FF FF')).to.equal('6B 00');
    expect(await r.tx('FF 20 01 01 03 FF FF FF')).to.equal('67 00');
  });

  it('erases AZ2 bytes only after EZ2 once SC is gone, with FF D2 AH AL MEM_L', async () => {
    const r = await rig();
    expect(await r.tx(`FF 20 00 00 02 ${SC}`)).to.equal('90 00');
    expect(await r.tx('FF D0 04 CC 04 00 00 00 00')).to.equal('90 00');
    expect(await r.tx('FF A4 00 00 01 0A')).to.equal('90 00');
    expect(await r.tx('FF D2 04 CC 00')).to.equal('65 81');
    expect(await r.tx('FF 20 01 02 02 FF FF')).to.equal('90 00');
    expect(await r.tx('FF D2 04 CC 00')).to.equal('90 00'); // one byte: the AT88SC1604's erase unit
    expect(await r.tx('FF B0 04 CC 04')).to.equal('FF 00 00 00 90 00');
    expect(await r.tx('FF D2 04 CD 03')).to.equal('90 00');
    expect(await r.tx('FF B0 04 CC 04')).to.equal('FF FF FF FF 90 00');
    expect(await r.tx('FF D2 07 D9 00')).to.equal('6B 00');
    expect(await r.tx('FF D2 07 D8 02')).to.equal('6B 00'); // two bytes from 7D8h run past the card
  });

  it('blows FUSE2 (bit 3EC0h) with SC in level 1; 65 81 without; 6B 00 outside the fuses', async () => {
    const r = await rig();
    expect(await r.tx('FF 05 00 00 04 3E C0 01 01')).to.equal('65 81');
    expect(await r.tx(`FF 20 00 00 02 ${SC}`)).to.equal('90 00');
    expect(await r.tx('FF 05 00 00 04 3E B7 01 01')).to.equal('6B 00');
    expect(await r.tx('FF 05 00 00 04 3E C0 01 01')).to.equal('90 00');
    expect(await r.tx('FF B0 07 D8 01')).to.equal('00 90 00');
    expect(await r.tx('FF 05 00 00 02 3E C0')).to.equal('67 00');
  });

  it('cannot verify SC1 written in level 2 (hidden there): 90 00, and the chip has it', async () => {
    const r = await rig();
    expect(await r.tx(`FF 20 00 00 02 ${SC}`)).to.equal('90 00');
    expect(await r.tx('FF 05 00 00 04 3E C0 01 01')).to.equal('90 00');
    expect(await r.tx('FF 20 00 01 02 FF FF')).to.equal('90 00');
    expect(await r.tx('FF B0 00 15 02')).to.equal('FF FF 90 00');
    expect(await r.tx('FF D0 00 15 02 01 80')).to.equal('90 00');
    expect(toHex(r.memory().subarray(0x15, 0x17))).to.equal('80 01');
  });

  it('answers 6D 00, 6E 00 and 67 00 to what is no command of this card', async () => {
    const r = await rig();
    expect(await r.tx('FF B4 00 00 01')).to.equal('6D 00');
    expect(await r.tx('80 B0 00 00 01')).to.equal('6E 00');
    expect(await r.tx('FF')).to.equal('67 00');
    expect(await r.tx('FF B0 00 00')).to.equal('67 00');
  });

  it('waits 5 ms per write pulse on the card\'s clock; a card still busy on another clock gets 6F 00', async () => {
    const clock = new VirtualClock();
    const r = await rig({ clock });
    const start = clock.now();
    expect(await r.tx('FF D0 07 D5 01 FE')).to.equal('90 00'); // MTZ, one pulse
    expect(clock.now() - start).to.equal(5);
    const card = cardDefinition('AT88SC1604').create({ clock: new VirtualClock() });
    await card.powerOn();
    const firmware = at88sc1604Firmware.start(card, new VirtualClock());
    expect(toHex(await firmware.transmit(parseHex('FF D0 07 D5 01 FE')))).to.equal('90 00');
    expect(toHex(await firmware.transmit(parseHex('FF B0 07 D5 01')))).to.equal('6F 00');
  });

  it('throws CardMuteError when power is lost mid-write', async () => {
    const r = await rig();
    r.card.faults.powerLossAfter(0);
    let error: unknown;
    try {
      await r.firmware.transmit(parseHex('FF D0 07 D5 01 00'));
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(CardMuteError);
  });

  it('reports the ATR 3B 04 FF FF FF FF for a chip that answers nothing to reset', async () => {
    const card = cardDefinition('AT88SC1604').create({ timing: false });
    const chipAtr = await card.powerOn();
    expect(chipAtr.length).to.equal(0);
    expect(toHex(at88sc1604Firmware.readerAtr(chipAtr))).to.equal('3B 04 FF FF FF FF');
  });
});
