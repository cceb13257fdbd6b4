import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { parseHex, toHex } from '../../../src/core/hex.ts';
import { CardMuteError } from '../../../src/cards/synchronous-card.ts';
import { at88sc153Definition, type At88sc153Card } from '../../../simulators/cards/at88sc153/index.ts';
import { at88sc153ToImage } from '../../../simulators/cards/at88sc153/image.ts';
import { factoryContents } from '../../../simulators/cards/at88sc153/memory.ts';
import { cardDefinition } from '../../../simulators/cards/registry.ts';
import { at88sc153Firmware } from '../../../simulators/reader/firmware/at88sc153.ts';
import { NACKED, acknowledged } from '../fixtures/chip-recorder.ts';
import { startFirmware, type FirmwareRig } from '../fixtures/firmware-rig.ts';
import { rejection } from '../fixtures/rejection.ts';

// The ACS formats are from the ACR38x-CCID reference manual v6.04 §9.3.3; the error status words
// are the ones simulators/reader/firmware/pseudo-apdu.ts documents. Expected card contents come
// from the emulator's own image, never from the firmware under test. Memory map: docs/cards/at88sc153.md.

const SECURE_CODE = 'DD 42 97'; // Write 1, the emulator's default transport code
/** Access register bits, 0 = restriction on; bit 3 (PWS) = 1 keeps password set 1. */
const AR = { writePassword: 0x7f, readPasswordOnly: 0xbf, writeLock: 0xfb, programOnly: 0xfe };
const AR0 = 0x18;
const PAC_WRITE_0 = 0x30;
const PAC_WRITE_1 = 0x38;

const pattern = (zone: number, i: number): number => (zone * 0x40 + i * 5 + 3) & 0xff;

// The AT88SC153 driver ACK-polls by sending a command again while the write cycle runs [1016 p12],
// so a busy chip shows repeats marked NACKED in the recording (fixtures/chip-recorder.ts).

interface Rig extends FirmwareRig {
  readonly card: At88sc153Card;
  readonly clock: VirtualClock;
  area(name: string): Uint8Array;
}

interface RigOptions {
  readonly config?: [number, number][];
  readonly user?: [number, number, number][];
  readonly fuses?: number;
}

/** A powered card with the timing model on, user zones patterned and patched, a firmware on it. */
async function rig(options: RigOptions = {}): Promise<Rig> {
  const contents = factoryContents(parseHex(SECURE_CODE));
  contents.user.forEach((zone, z) => zone.forEach((_, i) => (zone[i] = pattern(z, i))));
  for (const [address, value] of options.config ?? []) contents.configuration[address] = value;
  for (const [zone, address, value] of options.user ?? []) contents.user[zone]![address] = value;
  const clock = new VirtualClock();
  const card = at88sc153Definition.fromImage(at88sc153ToImage({ ...contents, fuses: options.fuses ?? 0xff }), { clock });
  return { ...(await startFirmware(at88sc153Firmware, card, clock)), card, clock, area: (name) => parseHex(card.toImage().areas[name] ?? '') };
}

const hexOf = (bytes: Uint8Array): string => toHex(bytes);

describe('AT88SC153 reader firmware (ACS pseudo-APDUs, ACR38x-CCID §9.3.3)', () => {
  it('runs on a card made by the registry: select code 03, ATR 3B 04 + the chip ATR 2C AA 55 A1 [1016 p12]', async () => {
    const card = cardDefinition('AT88SC153').create();
    const chipAtr = await card.powerOn();
    expect(hexOf(at88sc153Firmware.readerAtr(chipAtr))).to.equal('3B 04 2C AA 55 A1');
    expect(at88sc153Firmware.selectCode).to.equal(0x03);
    const firmware = at88sc153Firmware.start(card, new VirtualClock());
    expect(at88sc153Firmware.cardType).to.equal('AT88SC153');
    expect(hexOf(await firmware.transmit(parseHex('FF B3 00 00 04')))).to.equal('2C AA 55 A1 90 00');
  });

  describe('SELECT_CARD_TYPE FF A4 00 00 01 tt [§9.3.3.1]', () => {
    it('answers 90 00 to its own code and power-cycles the card, dropping a verified secure code', async () => {
      const r = await rig();
      expect(await r.tx(`FF 20 00 01 03 ${SECURE_CODE}`)).to.equal('90 FF');
      expect(await r.tx('FF A4 00 00 01 03')).to.equal('90 00');
      expect(await r.tx('FF D3 00 10 01 42')).to.equal('65 81'); // the issuer code needs the secure code
    });

    it('answers 6A 81 to another card type, 6B 00 to P1-P2 other than 00 00, 67 00 to Lc other than 1', async () => {
      const r = await rig();
      expect(await r.tx('FF A4 00 00 01 04')).to.equal('6A 81');
      expect(await r.tx('FF A4 01 00 01 03')).to.equal('6B 00');
      expect(await r.tx('FF A4 00 00 02 03 03')).to.equal('67 00');
    });
  });

  describe('READ_MEMORY_CARD FF B0..B4 [§9.3.3.2]', () => {
    it('reads zones 00, 01, 10 with B0, B1, B2, across 8-byte pages, equal to the card', async () => {
      const r = await rig();
      expect(await r.tx('FF B0 00 05 0C')).to.equal(`${hexOf(r.area('user0').subarray(5, 17))} 90 00`);
      expect(await r.tx('FF B1 00 00 40')).to.equal(`${hexOf(r.area('user1'))} 90 00`);
      expect(await r.tx('FF B2 00 3A 06')).to.equal(`${hexOf(r.area('user2').subarray(0x3a))} 90 00`);
      expect(r.chip.filter((c) => !c.startsWith('BD'))).to.deep.equal(['B1 05', 'B5 00', 'B9 3A']); // no write cycle: no repeats
    });

    it('reads zone 11 — the configuration zone — with B3 and the fuse byte with B4', async () => {
      const r = await rig({ fuses: 0xfe });
      expect(await r.tx('FF B3 00 18 08')).to.equal(`${hexOf(r.area('configuration').subarray(0x18, 0x20))} 90 00`);
      expect(await r.tx('FF B4 00 00 01')).to.equal('06 90 00'); // FAB blown: 0000 0 PER CMA FAB
    });

    it('passes on what the chip clocks out for a byte it may not read: the fuse byte while CMA or PER is intact', async () => {
      const r = await rig({ config: [[AR0, AR.readPasswordOnly]] });
      expect(await r.tx('FF B0 00 00 02')).to.equal('07 07 90 00');
    });

    it('answers 6B 00 outside the zone and 67 00 for a wrong Le or a case-3 read', async () => {
      const r = await rig();
      expect(await r.tx('FF B0 00 3C 08')).to.equal('6B 00');
      expect(await r.tx('FF B3 00 40 01')).to.equal('6B 00');
      expect(await r.tx('FF B1 01 00 01')).to.equal('6B 00');
      expect(await r.tx('FF B4 00 01 01')).to.equal('6B 00');
      expect(await r.tx('FF B4 00 00 02')).to.equal('67 00');
      expect(await r.tx('FF B0 00 00 01 00')).to.equal('67 00');
      expect(r.chip).to.deep.equal([]);
    });
  });

  describe('WRITE_MEMORY_CARD FF D0..D4 [§9.3.3.3]', () => {
    it('writes a user zone across 8-byte pages, one page command each, every cycle ACK-polled on the clock', async () => {
      const r = await rig();
      const data = Uint8Array.from({ length: 20 }, (_, i) => 0xc0 | i);
      const start = r.clock.now();
      expect(await r.tx(`FF D2 00 06 14 ${hexOf(data)}`)).to.equal('90 00');
      expect(hexOf(r.area('user2').subarray(6, 26))).to.equal(hexOf(data));
      expect(acknowledged(r.chip, 'B8').map((c) => c.slice(0, 5))).to.deep.equal(['B8 06', 'B8 08', 'B8 10', 'B8 18']);
      expect(r.clock.now() - start).to.be.at.least(40); // four 10 ms cycles [1016 Features]
    });

    it('answers 65 81 when the chip skipped the bytes (WPE = 0, no password: acknowledged, not written)', async () => {
      const r = await rig({ config: [[AR0 + 1, AR.writePassword]] });
      expect(await r.tx('FF D1 00 00 02 11 22')).to.equal('65 81');
      expect(hexOf(r.area('user1').subarray(0, 2))).to.equal(hexOf(Uint8Array.of(pattern(1, 0), pattern(1, 1))));
    });

    it('answers 65 81 when a byte does not read back as written (program-only zone)', async () => {
      const r = await rig({ config: [[AR0, AR.programOnly]], user: [[0, 4, 0x0f]] });
      expect(await r.tx('FF D0 00 04 01 F0')).to.equal('65 81');
      expect(r.area('user0')[4]).to.equal(0x00);
      expect(await r.tx('FF D0 00 04 01 00')).to.equal('90 00');
    });

    it('writes one byte per command in write-lock mode, where the chip takes only the first byte [1016 p9]', async () => {
      const r = await rig({ config: [[AR0, AR.writeLock]], user: [[0, 8, 0xff]] });
      expect(await r.tx('FF D0 00 09 03 01 02 03')).to.equal('90 00');
      expect(hexOf(r.area('user0').subarray(9, 12))).to.equal('01 02 03');
      expect(acknowledged(r.chip, 'B0')).to.deep.equal(['B0 09 01', 'B0 0A 02', 'B0 0B 03']);
    });

    it('answers 90 00 on the acknowledge alone where reading is closed but the chip cannot refuse the write (RPE = 0, WPE = 1)', async () => {
      const r = await rig({ config: [[AR0 + 2, AR.readPasswordOnly]] });
      expect(await r.tx('FF D2 00 00 02 5A 5B')).to.equal('90 00');
      expect(hexOf(r.area('user2').subarray(0, 2))).to.equal('5A 5B');
    });

    // AR 0xBB: RPE = 0, WPE = 1, WLM = 0, PWS = 1 (set 1). Byte 10 is locked by the lock byte at 8 (bit 2 = 0) [1016 p9].
    const READ_PASSWORD_WRITE_LOCK = AR.readPasswordOnly & AR.writeLock;
    const READ_1 = 'FF 20 00 03 03 FF FF FF'; // Read 1, as the factory leaves it (rp = 11b)

    it('answers 69 85 and writes nothing where reading is closed and write lock may skip bytes (RPE 0, WPE 1, WLM 0)', async () => {
      const r = await rig({ config: [[AR0, READ_PASSWORD_WRITE_LOCK]], user: [[0, 8, 0xfb]] });
      expect(await r.tx('FF D0 00 09 02 01 02')).to.equal('69 85');
      expect(hexOf(r.area('user0').subarray(9, 11))).to.equal(hexOf(Uint8Array.of(pattern(0, 9), pattern(0, 10))));
      expect(acknowledged(r.chip, 'B0')).to.deep.equal([]);
    });

    it('with the read password presented, checks a write-lock zone by read-back: 65 81 for a locked byte, 90 00 for an open one', async () => {
      const r = await rig({ config: [[AR0, READ_PASSWORD_WRITE_LOCK]], user: [[0, 8, 0xfb]] });
      expect(await r.tx(READ_1)).to.equal('90 FF');
      expect(await r.tx('FF D0 00 0A 01 55')).to.equal('65 81');
      expect(r.area('user0')[10]).to.equal(pattern(0, 10));
      expect(await r.tx('FF D0 00 09 01 55')).to.equal('90 00');
      expect(r.area('user0')[9]).to.equal(0x55);
    });

    it('answers 69 85 where reading is closed in a program-only zone (RPE 0, WPE 1, PGO 0): a 0→1 bit would be skipped unseen', async () => {
      const r = await rig({ config: [[AR0, AR.readPasswordOnly & AR.programOnly]], user: [[0, 4, 0x0f]] });
      expect(await r.tx('FF D0 00 04 01 F0')).to.equal('69 85');
      expect(r.area('user0')[4]).to.equal(0x0f);
    });

    it('writes the configuration zone (D3) after the secure code, and answers 65 81 without it', async () => {
      const r = await rig();
      expect(await r.tx('FF D3 00 10 03 01 02 03')).to.equal('65 81');
      expect(await r.tx(`FF 20 00 01 03 ${SECURE_CODE}`)).to.equal('90 FF');
      expect(await r.tx('FF D3 00 10 03 01 02 03')).to.equal('90 00');
      expect(hexOf(r.area('configuration').subarray(0x10, 0x13))).to.equal('01 02 03');
    });

    it('lets a set\'s write password change its own password, which no reader can read back', async () => {
      const r = await rig({ config: [[0x31, 0x11], [0x32, 0x22], [0x33, 0x33]] });
      expect(await r.tx('FF 20 00 00 03 11 22 33')).to.equal('90 FF');
      expect(await r.tx('FF D3 00 31 03 44 55 66')).to.equal('90 00');
      expect(hexOf(r.area('configuration').subarray(0x31, 0x34))).to.equal('44 55 66');
      expect(await r.tx('FF 20 00 00 03 44 55 66')).to.equal('90 FF');
    });

    it('blows a fuse with D4 (01 FAB, 02 CMA, 04 PER) after the secure code; 65 81 without it, out of order, or naming none', async () => {
      const r = await rig();
      expect(await r.tx('FF D4 00 00 01 01')).to.equal('65 81');
      expect(await r.tx(`FF 20 00 01 03 ${SECURE_CODE}`)).to.equal('90 FF');
      expect(await r.tx('FF D4 00 00 01 02')).to.equal('65 81'); // CMA before FAB
      expect(await r.tx('FF D4 00 00 01 03')).to.equal('65 81');
      expect(await r.tx('FF D4 00 00 01 01')).to.equal('90 00');
      expect(await r.tx('FF B4 00 00 01')).to.equal('06 90 00');
    });

    it('answers 6B 00 outside the zone and 67 00 without data or with fuse data other than one byte', async () => {
      const r = await rig();
      expect(await r.tx('FF D0 00 3F 02 00 00')).to.equal('6B 00');
      expect(await r.tx('FF D3 01 00 01 00')).to.equal('6B 00');
      expect(await r.tx('FF D4 00 01 01 01')).to.equal('6B 00');
      expect(await r.tx('FF D0 00 00 01')).to.equal('67 00');
      expect(await r.tx('FF D4 00 00 02 01 01')).to.equal('67 00');
      expect(r.chip).to.deep.equal([]);
    });
  });

  describe('VERIFY_PASSWORD FF 20 00 rp 03 pw [§9.3.3.4]', () => {
    it('answers 90 ErrorCnt after the two passes: FF when right, one more bit written when wrong [1016 p12]', async () => {
      const r = await rig();
      expect(await r.tx('FF 20 00 01 03 00 00 00')).to.equal('90 FE');
      expect(acknowledged(r.chip, 'B7')).to.deep.equal(['B7 00 00 00', 'B7 00 00 00']);
      expect(await r.tx('FF 20 00 01 03 00 00 00')).to.equal('90 FC');
      expect(r.area('configuration')[PAC_WRITE_1]).to.equal(0xfc);
      expect(await r.tx(`FF 20 00 01 03 ${SECURE_CODE}`)).to.equal('90 FF');
      expect(r.area('configuration')[PAC_WRITE_1]).to.equal(0xff);
    });

    it('presents the last attempt and, once locked, presents nothing: 90 00', async () => {
      const r = await rig({ config: [[PAC_WRITE_0, 0x80]] });
      expect(await r.tx('FF 20 00 00 03 00 00 00')).to.equal('90 00');
      expect(r.area('configuration')[PAC_WRITE_0]).to.equal(0x00);
      r.chip.length = 0;
      expect(await r.tx('FF 20 00 00 03 FF FF FF')).to.equal('90 00');
      expect(r.chip.filter((c) => c.startsWith('B3'))).to.deep.equal([]);
    });

    it('answers 67 00 to Lc other than 3 and 6B 00 to P1 other than 00 or rp above 11', async () => {
      const r = await rig();
      expect(await r.tx('FF 20 00 01 04 01 DD 42 97')).to.equal('67 00');
      expect(await r.tx(`FF 20 00 04 03 ${SECURE_CODE}`)).to.equal('6B 00');
      expect(await r.tx(`FF 20 01 01 03 ${SECURE_CODE}`)).to.equal('6B 00');
      expect(r.chip).to.deep.equal([]);
    });
  });

  describe('INITIALIZE_AUTHENTICATION FF 84 / VERIFY_AUTHENTICATION FF 82 [§9.3.3.5, §9.3.3.6]', () => {
    it('forwards them to the chip ($B2 / $B6); the emulated chip NACKs them (no cipher): 6F 00', async () => {
      const r = await rig();
      expect(await r.tx('FF 84 00 00 08 01 02 03 04 05 06 07 08')).to.equal('6F 00');
      expect(await r.tx('FF 82 00 00 08 08 07 06 05 04 03 02 01')).to.equal('6F 00');
      expect(r.chip.filter((c) => c.startsWith('B2') || c.startsWith('B6'))).to.deep.equal([
        `B2 01 02 03 04 05 06 07 08${NACKED}`,
        `B6 08 07 06 05 04 03 02 01${NACKED}`,
      ]);
    });

    it('answers 67 00 to Lc other than 8 and 6B 00 to P1-P2 other than 00 00', async () => {
      const r = await rig();
      expect(await r.tx('FF 82 00 00 09 01 02 03 04 05 06 07 08 09')).to.equal('67 00');
      expect(await r.tx('FF 84 01 00 08 01 02 03 04 05 06 07 08')).to.equal('6B 00');
    });
  });

  describe('framing', () => {
    it('answers 6E 00 to a class other than FF, 6D 00 to an instruction it does not have, 67 00 to a malformed APDU', async () => {
      const r = await rig();
      expect(await r.tx('80 B0 00 00 01')).to.equal('6E 00');
      expect(await r.tx('FF B5 00 00 01')).to.equal('6D 00');
      expect(await r.tx('FF D5 00 00 01 00')).to.equal('6D 00');
      expect(await r.tx('FF')).to.equal('67 00');
      expect(await r.tx('FF D0 00 00 03 01')).to.equal('67 00');
    });
  });

  describe('a chip that stops answering', () => {
    it('answers 6F 00 when ACK polling gives up (the write cycle never ends on the reader clock)', async () => {
      const card = at88sc153Definition.create({ clock: new VirtualClock() });
      await card.powerOn();
      const firmware = at88sc153Firmware.start(card, new VirtualClock());
      expect(hexOf(await firmware.transmit(parseHex('FF D0 00 00 01 00')))).to.equal('6F 00');
      expect(hexOf(await firmware.transmit(parseHex('FF B0 00 00 01')))).to.equal('6F 00');
      expect(hexOf(await firmware.transmit(parseHex(`FF 20 00 01 03 ${SECURE_CODE}`)))).to.equal('6F 00');
    });

    it('throws CardMuteError when the card has no power', async () => {
      const r = await rig();
      await r.card.powerOff();
      expect(await rejection(r.tx('FF B0 00 00 01'))).to.be.instanceOf(CardMuteError);
    });
  });
});
