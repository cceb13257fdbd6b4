import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { parseHex, toHex } from '../../../src/core/hex.ts';
import { CardMuteError } from '../../../src/cards/synchronous-card.ts';
import * as chip from '../../../src/cards/at88sc102/driver.ts';
import type { At88sc102Card } from '../../../simulators/cards/at88sc102/index.ts';
import { cardDefinition } from '../../../simulators/cards/registry.ts';
import { at88sc102Firmware } from '../../../simulators/reader/firmware/at88sc102.ts';
import { startFirmware, type FirmwareRig } from '../fixtures/firmware-rig.ts';

// Pseudo-APDUs: ACS ACR38x (CCID) reference manual v6.04 §9.3.9 (AT88SC101/102/1003, type 09).
// Bytes on the wire are LSB first (§9.3.9.3 "the bit at card address 0 is regarded as the LSB of
// byte 0"); limpkin/mooltipass tools/smc_decode/mooltipass_libusb.py reverses every byte it reads
// from an ACR38U and then finds FZ = 0F 0F, and reverses its PIN bytes before VERIFY. So the
// datasheet's FZ 0F 0F reads F0 F0 here and the stock code F0 F0 is sent as 0F 0F.
// Error status words other than 63 00 are stbpay's choices (src/reader/memory/acs-pseudo-apdu.ts).

const SC_ON_WIRE = '0F 0F';

interface Rig extends FirmwareRig {
  readonly card: At88sc102Card;
  /** The card's memory as the emulator stores it (datasheet order), from its image. */
  memory(): Uint8Array;
}

async function rig(options: { clock?: VirtualClock; firmwareClock?: VirtualClock } = {}): Promise<Rig> {
  const card = cardDefinition('AT88SC102').create(options.clock ? { clock: options.clock } : { timing: false }) as At88sc102Card;
  return {
    ...(await startFirmware(at88sc102Firmware, card, options.firmwareClock ?? options.clock)),
    card,
    memory: () => parseHex(card.toImage().areas['memory'] ?? ''),
  };
}

async function presentCode(r: Rig): Promise<void> {
  expect(await r.tx(`FF 20 08 0A 02 ${SC_ON_WIRE}`)).to.equal('90 00');
}

describe('AT88SC102 reader firmware (ACS type 09)', () => {
  describe('SELECT_CARD_TYPE FF A4 00 00 01 tt [ACR38x §9.3.9.1]', () => {
    it('answers 90 00 to type 09 and power-cycles the card, which drops the validated code', async () => {
      const r = await rig();
      await presentCode(r);
      expect(r.card.validatedCodes).to.deep.equal(['SC']);
      expect(await r.tx('FF A4 00 00 01 09')).to.equal('90 00');
      expect(r.card.validatedCodes).to.deep.equal([]);
      expect(r.card.isPowered).to.equal(true);
    });

    it('answers 6A 81 to another card type, 67 00 to a wrong Lc, 6B 00 to P1-P2 other than 00 00', async () => {
      const r = await rig();
      expect(await r.tx('FF A4 00 00 01 06')).to.equal('6A 81');
      expect(await r.tx('FF A4 00 00 01 0A')).to.equal('6A 81');
      expect(await r.tx('FF A4 00 00 02 09 09')).to.equal('67 00');
      expect(await r.tx('FF A4 00 00 01')).to.equal('67 00');
      expect(await r.tx('FF A4 00 01 01 09')).to.equal('6B 00');
    });
  });

  describe('READ_MEMORY_CARD FF B0 00 b L [ACR38x §9.3.9.2]', () => {
    it('reads FZ 0F 0F (datasheet order) as F0 F0: the bytes go LSB first', async () => {
      const r = await rig();
      expect(await r.tx('FF B0 00 00 02')).to.equal('F0 F0 90 00');
      // SCAC of a fresh card: all attempts (FF FF); the last two bytes of the card (issuer fuse) are intact
      expect(await r.tx('FF B0 00 0C 02')).to.equal('FF FF 90 00');
      expect(await r.tx('FF B0 00 C2 02')).to.equal('FF FF 90 00');
    });

    it('hides SC until it is presented (hidden bits read 1)', async () => {
      const r = await rig();
      expect(await r.tx('FF B0 00 0A 02')).to.equal('FF FF 90 00');
      await presentCode(r);
      expect(await r.tx('FF B0 00 0A 02')).to.equal(`${SC_ON_WIRE} 90 00`);
    });

    it('answers 6B 00 past the last byte (C3h) or when the length runs past it, 67 00 when Le is missing', async () => {
      const r = await rig();
      expect(await r.tx('FF B0 00 C3 01')).to.equal('FF 90 00');
      expect(await r.tx('FF B0 00 C4 01')).to.equal('6B 00');
      expect(await r.tx('FF B0 01 00 01')).to.equal('6B 00');
      expect(await r.tx('FF B0 00 C0 08')).to.equal('6B 00');
      expect(await r.tx('FF B0 00 00 00')).to.equal('6B 00'); // Le 00 = 256 bytes, the card has 196
      expect(await r.tx('FF B0 00 00')).to.equal('67 00');
      expect(await r.tx('FF B0 00 00 02 AA BB')).to.equal('67 00');
    });
  });

  describe('WRITE_MEMORY_CARD FF D0 00 b L D [ACR38x §9.3.9.3]', () => {
    it('writes CPZ after the code, LSB first: 12 34 on the wire is 48 2C on the chip', async () => {
      const r = await rig();
      await presentCode(r);
      expect(await r.tx('FF D0 00 0E 02 12 34')).to.equal('90 00');
      expect(await r.tx('FF B0 00 0E 02')).to.equal('12 34 90 00');
      expect(toHex(r.memory().subarray(0x0e, 0x10))).to.equal('48 2C');
      expect(toHex(await chip.read(r.card, 'cpz', 0, 2))).to.equal('48 2C');
    });

    it('answers 65 81 when the card did not take the bits (CPZ without the code)', async () => {
      const r = await rig();
      expect(await r.tx('FF D0 00 0E 02 12 34')).to.equal('65 81');
      expect(toHex(r.memory().subarray(0x0e, 0x10))).to.equal('FF FF');
    });

    it('answers 65 81 for bits that cannot go back to 1 by writing', async () => {
      const r = await rig();
      await presentCode(r);
      expect(await r.tx('FF D0 00 0E 01 00')).to.equal('90 00');
      expect(await r.tx('FF D0 00 0E 01 FF')).to.equal('90 00'); // writing 1 bits changes nothing and asks nothing
      expect(await r.tx('FF B0 00 0E 01')).to.equal('00 90 00');
    });

    it('writes MTZ without any code and answers 67 00 / 6B 00 for bad lengths and addresses', async () => {
      const r = await rig();
      expect(await r.tx('FF D0 00 B0 02 A5 5A')).to.equal('90 00');
      expect(await r.tx('FF B0 00 B0 02')).to.equal('A5 5A 90 00');
      expect(await r.tx('FF D0 00 C3 02 00 00')).to.equal('6B 00');
      expect(await r.tx('FF D0 00 C4 01 00')).to.equal('6B 00');
      expect(await r.tx('FF D0 00 B0 03 00 00')).to.equal('67 00'); // Lc 03 with two bytes
      expect(await r.tx('FF D0 00 B0 01')).to.equal('67 00');
    });

    it('cannot check SC in security level 2 (hidden, though written): answers 90 00 and the chip has it', async () => {
      const r = await rig();
      await presentCode(r);
      expect(await r.tx('FF 05 00 00 04 06 10 01 01')).to.equal('90 00'); // issuer fuse: level 2
      await presentCode(r);
      expect(await r.tx('FF B0 00 0A 02')).to.equal('FF FF 90 00'); // SC hidden in level 2
      expect(await r.tx('FF D0 00 0A 02 0E 0F')).to.equal('90 00');
      expect(toHex(r.memory().subarray(0x0a, 0x0c))).to.equal('70 F0'); // 0E reversed = 70
    });
  });

  describe('ERASE_NON_APPLICATION_ZONE FF D2 00 b 00 [ACR38x §9.3.9.4]', () => {
    it('erases the 16-bit word holding byte b', async () => {
      const r = await rig();
      await presentCode(r);
      expect(await r.tx('FF D0 00 0E 04 00 00 00 00')).to.equal('90 00');
      expect(await r.tx('FF D2 00 0F 00')).to.equal('90 00');
      expect(await r.tx('FF B0 00 0E 04')).to.equal('FF FF 00 00 90 00');
    });

    it('erases every word MEM_L bytes touch (stbpay extension, libzhouyb EraseMemory)', async () => {
      const r = await rig();
      await presentCode(r);
      expect(await r.tx('FF D0 00 0E 08 00 00 00 00 00 00 00 00')).to.equal('90 00');
      expect(await r.tx('FF D2 00 0E 08')).to.equal('90 00');
      expect(await r.tx('FF B0 00 0E 08')).to.equal('FF FF FF FF FF FF FF FF 90 00');
    });

    it('answers 65 81 when the word did not read back erased, 6B 00 / 67 00 outside the card or for a wrong length', async () => {
      const r = await rig();
      await presentCode(r);
      expect(await r.tx('FF D0 00 0E 02 00 00')).to.equal('90 00');
      expect(await r.tx('FF A4 00 00 01 09')).to.equal('90 00'); // drops the code
      expect(await r.tx('FF D2 00 0E 00')).to.equal('65 81');
      expect(await r.tx('FF D2 00 00 00')).to.equal('65 81'); // FZ is never erasable
      expect(await r.tx('FF D2 00 C4 00')).to.equal('6B 00');
      expect(await r.tx('FF D2 00 C2 04')).to.equal('6B 00'); // four bytes from C2h run past C3h
      expect(await r.tx('FF D2 00 0E')).to.equal('67 00');
      expect(await r.tx('FF D2 00 0E 01 00')).to.equal('67 00');
    });
  });

  describe('VERIFY_SECURITY_CODE FF 20 08 0A 02 SC [ACR38x §9.3.9.7]', () => {
    it('answers 90 00 for a right and a wrong code alike; SCAC read back tells them apart', async () => {
      const r = await rig();
      expect(await r.tx('FF 20 08 0A 02 F0 F0')).to.equal('90 00'); // datasheet order: wrong on the wire
      expect(await r.tx('FF B0 00 0C 02')).to.equal('FE FF 90 00'); // bit 96 spent: 7F FF reversed
      expect(r.card.validatedCodes).to.deep.equal([]);
      expect(await r.tx(`FF 20 08 0A 02 ${SC_ON_WIRE}`)).to.equal('90 00');
      expect(await r.tx('FF B0 00 0C 02')).to.equal('FF FF 90 00');
      expect(r.card.validatedCodes).to.deep.equal(['SC']);
    });

    it('presents the last attempt (refusing is the host application\'s job), then answers 63 00 "no more retries"', async () => {
      const r = await rig();
      for (let i = 0; i < 4; i++) expect(await r.tx('FF 20 08 0A 02 00 00')).to.equal('90 00');
      expect(await chip.securityCodeAttemptsLeft(r.card)).to.equal(0);
      expect(await r.tx(`FF 20 08 0A 02 ${SC_ON_WIRE}`)).to.equal('63 00');
      expect(r.card.validatedCodes).to.deep.equal([]);
    });

    it('answers 6B 00 for a P1-P2 naming no code and 67 00 for a code of the wrong length', async () => {
      const r = await rig();
      expect(await r.tx('FF 20 08 0B 02 0F 0F')).to.equal('6B 00');
      expect(await r.tx('FF 20 00 0A 02 0F 0F')).to.equal('6B 00');
      expect(await r.tx('FF 20 08 0A 03 0F 0F 0F')).to.equal('67 00');
      expect(await r.tx('FF 20 08 0A 02')).to.equal('67 00');
      expect(await chip.securityCodeAttemptsLeft(r.card)).to.equal(4);
    });
  });

  describe('ERASE_APPLICATION_ZONE_WITH_ERASE / _WITH_WRITE_AND_ERASE [ACR38x §9.3.9.5–6]', () => {
    async function withZoneData(): Promise<Rig> {
      const r = await rig();
      await presentCode(r);
      expect(await r.tx('FF D0 00 17 02 11 22')).to.equal('90 00'); // AZ1 (16h, after the P1/R1 byte)
      expect(await r.tx('FF D0 00 5D 02 33 44')).to.equal('90 00'); // AZ2 (5Ch)
      return r;
    }

    it('erases AZ1 with EZ1 (factory FF×6) and answers 90 00', async () => {
      const r = await withZoneData();
      expect(await r.tx('FF 20 00 56 06 FF FF FF FF FF FF')).to.equal('90 00');
      expect(r.memory().subarray(0x16, 0x56).every((b) => b === 0xff)).to.equal(true);
    });

    it('answers 65 81 when a wrong key left the (readable) zone as it was', async () => {
      const r = await withZoneData();
      expect(await r.tx('FF 20 00 56 06 00 00 00 00 00 00')).to.equal('65 81');
      expect(await r.tx('FF B0 00 17 02')).to.equal('11 22 90 00');
    });

    it('erases AZ2 paying one EC2 bit while EC2EN is intact (P1 = 80)', async () => {
      const r = await withZoneData();
      expect(await r.tx('FF 20 80 9C 04 FF FF FF FF')).to.equal('90 00');
      expect(await r.tx('FF B0 00 5D 02')).to.equal('FF FF 90 00');
      expect(await r.tx('FF B0 00 A0 01')).to.equal('FE 90 00'); // bit 1280 spent
      expect(await chip.ec2ErasesLeft(r.card)).to.equal(127);
    });

    it('cannot erase AZ2 without paying EC2 while EC2EN is intact (P1 = 00): 65 81', async () => {
      const r = await withZoneData();
      expect(await r.tx('FF 20 00 9C 04 FF FF FF FF')).to.equal('65 81');
      expect(await r.tx('FF B0 00 5D 02')).to.equal('33 44 90 00');
    });

    it('answers 63 00 once EC2 has no erase left', async () => {
      const r = await withZoneData();
      expect(await r.tx(`FF D0 00 A0 10 ${'00 '.repeat(16)}`)).to.equal('90 00'); // level 1 with SC: EC2 writable
      expect(await r.tx('FF 20 80 9C 04 FF FF FF FF')).to.equal('63 00');
      expect(await r.tx('FF B0 00 5D 02')).to.equal('33 44 90 00');
    });

    it('answers 67 00 for a key of the wrong length', async () => {
      const r = await withZoneData();
      expect(await r.tx('FF 20 00 56 04 FF FF FF FF')).to.equal('67 00');
      expect(await r.tx('FF 20 80 9C 06 FF FF FF FF FF FF')).to.equal('67 00');
    });
  });

  describe('BLOWN_FUSE FF 05 00 00 04 AH AL FUS RST [ACR38x §9.3.9.8]', () => {
    it('blows the manufacturer fuse (05B0h) with the code in level 1 and answers 90 00', async () => {
      const r = await rig();
      await presentCode(r);
      expect(await r.tx('FF 05 00 00 04 05 B0 01 01')).to.equal('90 00');
      expect(await chip.fuseBlown(r.card, 'manufacturerFuse')).to.equal(true);
      expect(await chip.fuseBlown(r.card, 'issuerFuse')).to.equal(false);
    });

    it('answers 65 81 when the fuse stayed intact: no code, or RST/FUS low', async () => {
      const r = await rig();
      expect(await r.tx('FF 05 00 00 04 05 F9 01 01')).to.equal('65 81');
      await presentCode(r);
      expect(await r.tx('FF 05 00 00 04 05 F9 01 00')).to.equal('65 81');
      expect(await r.tx('FF 05 00 00 04 05 F9 00 01')).to.equal('65 81');
      expect(await chip.fuseBlown(r.card, 'ec2enFuse')).to.equal(false);
      expect(await r.tx('FF 05 00 00 04 05 F9 01 01')).to.equal('90 00');
      expect(await chip.fuseBlown(r.card, 'ec2enFuse')).to.equal(true);
    });

    it('answers 6B 00 for an address outside the fuses or P1-P2 other than 00 00, 67 00 for Lc other than 4', async () => {
      const r = await rig();
      await presentCode(r);
      expect(await r.tx('FF 05 00 00 04 00 00 01 01')).to.equal('6B 00');
      expect(await r.tx('FF 05 00 00 04 05 F8 01 01')).to.equal('6B 00'); // unused bit 1528, beside EC2EN
      expect(await r.tx('FF 05 00 01 04 05 B0 01 01')).to.equal('6B 00');
      expect(await r.tx('FF 05 00 00 03 05 B0 01')).to.equal('67 00');
      expect(await chip.fuseBlown(r.card, 'manufacturerFuse')).to.equal(false);
    });
  });

  describe('what no AT88SC102 command is', () => {
    it('answers 6D 00 to an instruction of another card type, 6E 00 to a class other than FF, 67 00 to a stub', async () => {
      const r = await rig();
      expect(await r.tx('FF 84 00 00 08 00 00 00 00 00 00 00 00')).to.equal('6D 00');
      expect(await r.tx('FF B1 00 00 04')).to.equal('6D 00');
      expect(await r.tx('00 B0 00 00 02')).to.equal('6E 00');
      expect(await r.tx('FF B0 00')).to.equal('67 00');
    });
  });

  describe('timing and power', () => {
    it('waits out each programming cycle on the card\'s clock (3 ms per write pulse)', async () => {
      const clock = new VirtualClock();
      const r = await rig({ clock });
      const start = clock.now();
      expect(await r.tx('FF D0 00 B0 01 FC')).to.equal('90 00'); // two 0 bits: two pulses
      expect(clock.now() - start).to.equal(6);
      expect(await r.tx('FF B0 00 B0 01')).to.equal('FC 90 00');
    });

    it('answers 6F 00 when the card stops acknowledging (its cycle runs on a clock the reader does not wait on)', async () => {
      const r = await rig({ clock: new VirtualClock(), firmwareClock: new VirtualClock() });
      expect(await r.tx('FF D0 00 B0 01 FE')).to.equal('90 00');
      expect(await r.tx('FF B0 00 B0 01')).to.equal('6F 00');
    });

    it('throws CardMuteError when power is lost mid-write', async () => {
      const r = await rig();
      r.card.faults.powerLossAfter(0);
      let error: unknown;
      try {
        await r.firmware.transmit(parseHex('FF D0 00 B0 01 00'));
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(CardMuteError);
    });
  });

  describe('ATR', () => {
    it('wraps the chip\'s (empty) answer to reset as 3B 04 FF FF FF FF', async () => {
      const card = cardDefinition('AT88SC102').create({ timing: false });
      const chipAtr = await card.powerOn();
      expect(chipAtr.length).to.equal(0);
      expect(toHex(at88sc102Firmware.readerAtr(chipAtr))).to.equal('3B 04 FF FF FF FF');
    });
  });
});
