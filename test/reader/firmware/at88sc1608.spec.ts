import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { parseHex, toHex } from '../../../src/core/hex.ts';
import { CardMuteError } from '../../../src/cards/synchronous-card.ts';
import { at88sc1608Definition, type At88sc1608Card } from '../../../simulators/cards/at88sc1608/index.ts';
import { contentsToImage, factoryContents } from '../../../simulators/cards/at88sc1608/contents.ts';
import { cardDefinition } from '../../../simulators/cards/registry.ts';
import { at88sc1608Firmware } from '../../../simulators/reader/firmware/at88sc1608.ts';
import { NACKED } from '../fixtures/chip-recorder.ts';
import { startFirmware, type FirmwareRig } from '../fixtures/firmware-rig.ts';
import { rejection } from '../fixtures/rejection.ts';

// The ACS formats are from the ACR38x-CCID reference manual v6.04 §9.3.4; the error status words
// are the ones simulators/reader/firmware/pseudo-apdu.ts documents. Expected card contents come
// from the emulator's own image, never from the firmware under test.

const SECURE_CODE = '16 08 00'; // the emulator's default (docs/cards/at88sc1608.md)
/** Access register bits, 0 = restriction on (docs/cards/at88sc1608.md, AR table). */
const AR = { writePassword: 0x7f, readPasswordOnly: 0xbf, writeLock: 0xfb, programOnly: 0xfe, modifyForbidden: 0xfd };

/** A user-memory pattern no two neighbouring bytes share, so a read from the wrong place shows. */
const pattern = (i: number): number => (i * 7 + (i >> 8) * 13 + 1) & 0xff;

interface Rig extends FirmwareRig {
  readonly card: At88sc1608Card;
  readonly clock: VirtualClock;
  userZones(): Uint8Array;
  configuration(): Uint8Array;
}

/** A powered card with the timing model on, its user zones patterned, `config` bytes patched, a firmware on it. */
async function rig(config: [number, number][] = [], options: { fuses?: number; user?: [number, number][] } = {}): Promise<Rig> {
  const contents = factoryContents();
  contents.userZones.forEach((_, i) => (contents.userZones[i] = pattern(i)));
  for (const [address, value] of options.user ?? []) contents.userZones[address] = value;
  for (const [address, value] of config) contents.configuration[address] = value;
  const clock = new VirtualClock();
  const card = at88sc1608Definition.fromImage(contentsToImage({ ...contents, fuses: options.fuses ?? 0xff }), { clock });
  const area = (name: string): Uint8Array => parseHex(card.toImage().areas[name] ?? '');
  return {
    ...(await startFirmware(at88sc1608Firmware, card, clock)),
    card,
    clock,
    userZones: () => area('userZones'),
    configuration: () => area('configuration'),
  };
}

const hexOf = (bytes: Uint8Array): string => toHex(bytes);

describe('AT88SC1608 reader firmware (ACS pseudo-APDUs, ACR38x-CCID §9.3.4)', () => {
  it('runs on a card made by the registry: select code 04, ATR 3B 04 + the chip ATR 2C AA 55 A0 [0971G Fig. 9]', async () => {
    const card = cardDefinition('AT88SC1608').create();
    const chipAtr = await card.powerOn();
    expect(hexOf(at88sc1608Firmware.readerAtr(chipAtr))).to.equal('3B 04 2C AA 55 A0');
    expect(at88sc1608Firmware.selectCode).to.equal(0x04);
    const firmware = at88sc1608Firmware.start(card, new VirtualClock());
    expect(at88sc1608Firmware.cardType).to.equal('AT88SC1608');
    expect(hexOf(await firmware.transmit(parseHex('FF B1 00 00 04')))).to.equal('2C AA 55 A0 90 00');
  });

  describe('SELECT_CARD_TYPE FF A4 00 00 01 tt [§9.3.4.1]', () => {
    it('answers 90 00 to its own code and power-cycles the card, dropping a verified secure code', async () => {
      const r = await rig();
      expect(await r.tx(`FF 20 00 00 04 07 ${SECURE_CODE}`)).to.equal('90 FF');
      expect(await r.tx('FF A4 00 00 01 04')).to.equal('90 00');
      // the secure code is gone: the issuer code no longer takes a write
      expect(await r.tx('FF D1 00 08 01 42')).to.equal('65 81');
    });

    it('answers 6A 81 to another card type, 6B 00 to P1-P2 other than 00 00, 67 00 to Lc other than 1', async () => {
      const r = await rig();
      expect(await r.tx('FF A4 00 00 01 06')).to.equal('6A 81');
      expect(await r.tx('FF A4 00 01 01 04')).to.equal('6B 00');
      expect(await r.tx('FF A4 00 00 02 04 04')).to.equal('67 00');
    });
  });

  describe('READ_MEMORY_CARD FF B0 / FF B1 [§9.3.4.2]', () => {
    it('reads user bytes at the 11-bit address P1·256+P2, across pages and zone boundaries, equal to the card', async () => {
      const r = await rig();
      const user = r.userZones();
      const read = async (p1: number, p2: number, le: number): Promise<string> =>
        r.tx(toHex(Uint8Array.of(0xff, 0xb0, p1, p2, le & 0xff)));
      expect(await read(3, 0x0c, 40)).to.equal(`${hexOf(user.subarray(0x30c, 0x334))} 90 00`);
      expect(await read(1, 0xf0, 0x40)).to.equal(`${hexOf(user.subarray(0x1f0, 0x230))} 90 00`);
      expect(await read(7, 0x00, 256)).to.equal(`${hexOf(user.subarray(0x700, 0x800))} 90 00`);
      // each zone's part of a read is preceded by Set User Zone Address [0971H §10.1]
      expect(r.chip.filter((c) => c.startsWith('B2'))).to.include.members(['B2 01', 'B2 02']);
    });

    it('reads the configuration zone with B1 00 aa and the fuse byte at address 80 (P1 does not matter)', async () => {
      const r = await rig([], { fuses: 0xfe });
      expect(await r.tx('FF B1 00 20 01')).to.equal(`${hexOf(r.configuration().subarray(0x20, 0x21))} 90 00`);
      expect(await r.tx('FF B1 00 38 08')).to.equal(`${hexOf(r.configuration().subarray(0x38, 0x40))} 90 00`);
      // the reader passes on what the chip clocks out: the secure code reads 00 without it [docs/cards/at88sc1608.md]
      expect(await r.tx('FF B1 00 78 04')).to.equal('FF 00 00 00 90 00');
      expect(await r.tx('FF B1 05 80 01')).to.equal('FE 90 00');
    });

    it('answers 6B 00 for addresses outside the card and 67 00 for a wrong Le or a case-3 read', async () => {
      const r = await rig();
      expect(await r.tx('FF B0 08 00 01')).to.equal('6B 00'); // zone 8 does not exist
      expect(await r.tx('FF B0 07 F0 20')).to.equal('6B 00'); // runs past user address 7FF
      expect(await r.tx('FF B1 00 7C 08')).to.equal('6B 00'); // runs past configuration byte 7F
      expect(await r.tx('FF B1 00 81 01')).to.equal('6B 00');
      expect(await r.tx('FF B1 01 00 01')).to.equal('6B 00'); // the configuration zone has no zone bits
      expect(await r.tx('FF B1 00 80 02')).to.equal('67 00'); // one fuse byte
      expect(await r.tx('FF B0 00 00 01 00')).to.equal('67 00');
      expect(r.chip).to.deep.equal([]);
    });
  });

  describe('WRITE_MEMORY_CARD FF D0 / FF D1 [§9.3.4.3]', () => {
    it('writes user bytes across pages and zones in 16-byte page commands, each cycle ACK-polled on the clock', async () => {
      const r = await rig();
      const data = Uint8Array.from({ length: 40 }, (_, i) => 0xa0 ^ i);
      const start = r.clock.now();
      expect(await r.tx(`FF D0 02 F0 28 ${hexOf(data)}`)).to.equal('90 00');
      expect(hexOf(r.userZones().subarray(0x2f0, 0x318))).to.equal(hexOf(data));
      expect(r.chip.filter((c) => c.startsWith('B0')).map((c) => c.slice(0, 5))).to.deep.equal(['B0 F0', 'B0 00', 'B0 10']);
      expect(r.clock.now() - start).to.be.at.least(30); // three 10 ms write cycles [0971H p1]
    });

    it('answers 65 81 when the chip refuses the page (WPE = 0 and no password: the chip NACKs)', async () => {
      const r = await rig([[0x14, AR.writePassword]]); // AR2
      expect(await r.tx('FF D0 02 00 02 11 22')).to.equal('65 81');
      expect(hexOf(r.userZones().subarray(0x200, 0x202))).to.equal(hexOf(Uint8Array.of(pattern(0x200), pattern(0x201))));
    });

    it('answers 65 81 when a byte does not read back as written (program-only zone: bits only go to 0)', async () => {
      const r = await rig([[0x10, AR.programOnly]], { user: [[0x05, 0x0f]] }); // AR0
      expect(await r.tx('FF D0 00 05 01 F0')).to.equal('65 81');
      expect(r.userZones()[0x05]).to.equal(0x00); // 0F AND F0: the chip only cleared bits
      expect(await r.tx('FF D0 00 05 01 00')).to.equal('90 00');
    });

    it('writes one byte per command in write-lock mode, where the chip takes one byte a command', async () => {
      const r = await rig([[0x12, AR.writeLock]], { user: [[0x108, 0xff]] }); // AR1; lock byte of 108..10F: all open
      expect(await r.tx('FF D0 01 09 03 01 02 03')).to.equal('90 00');
      expect(hexOf(r.userZones().subarray(0x109, 0x10c))).to.equal('01 02 03');
      expect(r.chip.filter((c) => c.startsWith('B0'))).to.deep.equal(['B0 09 01', 'B0 0A 02', 'B0 0B 03']);
    });

    it('answers 90 00 on the acknowledge alone where reading is closed but the chip cannot refuse the write (RPE = 0, WPE = 1)', async () => {
      const r = await rig([[0x16, AR.readPasswordOnly]]); // AR3
      expect(await r.tx('FF D0 03 00 02 5A 5B')).to.equal('90 00');
      expect(hexOf(r.userZones().subarray(0x300, 0x302))).to.equal('5A 5B');
      // one read of the zone before the write (it reads 00 throughout: closed), none after
      expect(r.chip.filter((c) => c.startsWith('B1'))).to.have.length(1);
    });

    it('answers 69 85 and writes nothing where reading is closed and write lock may refuse bytes (RPE 0, WPE 1, WLM 0)', async () => {
      const r = await rig([[0x16, AR.readPasswordOnly & AR.writeLock]], { user: [[0x308, 0xfb]] }); // AR3
      const before = hexOf(r.userZones().subarray(0x300, 0x310));
      expect(await r.tx('FF D0 03 09 02 5A 5B')).to.equal('69 85');
      expect(hexOf(r.userZones().subarray(0x300, 0x310))).to.equal(before);
      expect(r.chip.filter((c) => c.startsWith('B0'))).to.deep.equal([]);
    });

    it('writes the configuration zone after the secure code, and answers 65 81 without it', async () => {
      const r = await rig();
      expect(await r.tx('FF D1 00 08 03 01 02 03')).to.equal('65 81');
      expect(hexOf(r.configuration().subarray(0x08, 0x0b))).to.equal('FF FF FF');
      expect(await r.tx(`FF 20 00 00 04 07 ${SECURE_CODE}`)).to.equal('90 FF');
      expect(await r.tx('FF D1 00 08 03 01 02 03')).to.equal('90 00');
      expect(hexOf(r.configuration().subarray(0x08, 0x0b))).to.equal('01 02 03');
    });

    it('blows the next fuse with D1 at byte address 80 after the secure code; 65 81 without it or with none left', async () => {
      const r = await rig();
      expect(await r.tx('FF D1 00 80 01 00')).to.equal('65 81');
      expect(await r.tx('FF B1 00 80 01')).to.equal('FF 90 00');
      expect(await r.tx(`FF 20 00 00 04 07 ${SECURE_CODE}`)).to.equal('90 FF');
      expect(await r.tx('FF D1 00 80 01 00')).to.equal('90 00');
      expect(await r.tx('FF B1 00 80 01')).to.equal('FE 90 00'); // FAB first [0971H p8]
      const spent = await rig([], { fuses: 0xf8 });
      expect(await spent.tx('FF D1 00 80 01 00')).to.equal('65 81');
    });

    it('answers 6B 00 outside the card and 67 00 without data or with fuse data other than one byte', async () => {
      const r = await rig();
      expect(await r.tx('FF D0 07 FF 02 00 00')).to.equal('6B 00');
      expect(await r.tx('FF D0 08 00 01 00')).to.equal('6B 00');
      expect(await r.tx('FF D1 00 7F 02 00 00')).to.equal('6B 00');
      expect(await r.tx('FF D1 01 10 01 00')).to.equal('6B 00');
      expect(await r.tx('FF D0 00 00 01')).to.equal('67 00'); // case 2: no data
      expect(await r.tx('FF D1 00 80 02 00 00')).to.equal('67 00');
      expect(r.chip).to.deep.equal([]);
    });
  });

  describe('VERIFY_PASSWORD FF 20 00 00 04 RP pw [§9.3.4.4]', () => {
    it('answers 90 ErrorCnt: FF when right, the counter with one more bit written when wrong', async () => {
      const r = await rig();
      expect(await r.tx('FF 20 00 00 04 07 00 00 00')).to.equal('90 FE');
      expect(await r.tx('FF 20 00 00 04 07 00 00 00')).to.equal('90 FC');
      expect(r.configuration()[0x78]).to.equal(0xfc);
      expect(await r.tx(`FF 20 00 00 04 07 ${SECURE_CODE}`)).to.equal('90 FF');
      expect(r.configuration()[0x78]).to.equal(0xff);
    });

    it('presents the last attempt (refusing it is the host application\'s job) and, once locked, presents nothing: 90 00', async () => {
      const r = await rig([[0x48, 0x80]]); // PAC of Write 1: one attempt left
      expect(await r.tx('FF 20 00 00 04 01 00 00 00')).to.equal('90 00');
      expect(r.configuration()[0x48]).to.equal(0x00);
      r.chip.length = 0;
      expect(await r.tx('FF 20 00 00 04 01 FF FF FF')).to.equal('90 00');
      expect(r.chip.filter((c) => c.startsWith('B3'))).to.deep.equal([]);
    });

    it('answers 67 00 to Lc other than 4 and 6B 00 to P1-P2 other than 00 00 or RP above 0F', async () => {
      const r = await rig();
      expect(await r.tx(`FF 20 00 00 03 ${SECURE_CODE}`)).to.equal('67 00');
      expect(await r.tx(`FF 20 00 07 04 07 ${SECURE_CODE}`)).to.equal('6B 00');
      expect(await r.tx(`FF 20 00 00 04 17 ${SECURE_CODE}`)).to.equal('6B 00');
      expect(r.chip).to.deep.equal([]);
    });
  });

  describe('INITIALIZE_AUTHENTICATION FF 84 / VERIFY_AUTHENTICATION FF 82 [§9.3.4.5, §9.3.4.6]', () => {
    it('forwards them to the chip ($B6 / $B7); the emulated chip NACKs them (no cipher): 6F 00', async () => {
      const r = await rig();
      expect(await r.tx('FF 84 00 00 08 01 02 03 04 05 06 07 08')).to.equal('6F 00');
      expect(await r.tx('FF 82 00 00 08 01 02 03 04 05 06 07 08')).to.equal('6F 00');
      expect(r.chip.filter((c) => c.startsWith('B6') || c.startsWith('B7'))).to.deep.equal([
        `B6 01 02 03 04 05 06 07 08${NACKED}`,
        `B7 01 02 03 04 05 06 07 08${NACKED}`,
      ]);
    });

    it('answers 67 00 to Lc other than 8 and 6B 00 to P1-P2 other than 00 00', async () => {
      const r = await rig();
      expect(await r.tx('FF 84 00 00 07 01 02 03 04 05 06 07')).to.equal('67 00');
      expect(await r.tx('FF 82 00 01 08 01 02 03 04 05 06 07 08')).to.equal('6B 00');
    });
  });

  describe('framing', () => {
    it('answers 6E 00 to a class other than FF, 6D 00 to an instruction it does not have, 67 00 to a malformed APDU', async () => {
      const r = await rig();
      expect(await r.tx('00 B0 00 00 01')).to.equal('6E 00');
      expect(await r.tx('FF B2 00 00 01')).to.equal('6D 00');
      expect(await r.tx('FF 01 00 00 01 04')).to.equal('6D 00'); // SELECT_PAGE_SIZE is for I²C cards
      expect(await r.tx('FF B0 00')).to.equal('67 00');
      expect(await r.tx('FF D0 00 00 05 01 02')).to.equal('67 00');
    });
  });

  describe('a chip that stops answering', () => {
    it('answers 6F 00 when ACK polling gives up (the card never finishes its write cycle on the reader clock)', async () => {
      const card = at88sc1608Definition.create({ clock: new VirtualClock() }); // its cycle runs on a clock nobody moves
      await card.powerOn();
      const firmware = at88sc1608Firmware.start(card, new VirtualClock());
      expect(hexOf(await firmware.transmit(parseHex('FF D0 00 00 01 00')))).to.equal('6F 00');
      expect(hexOf(await firmware.transmit(parseHex('FF B0 00 00 01')))).to.equal('6F 00');
    });

    it('throws CardMuteError when the card has no power', async () => {
      const r = await rig();
      await r.card.powerOff();
      expect(await rejection(r.tx('FF B0 00 00 01'))).to.be.instanceOf(CardMuteError);
    });
  });
});
