import { expect } from 'chai';
import { parseHex, toHex } from '../../../src/core/hex.ts';
import { readMain, readWithProtection, splitProtectedRead } from '../../../src/cards/sle4428/commands.ts';
import type { EmulatedCard } from '../../../simulators/cards/common/emulated-card.ts';
import { cardDefinition } from '../../../simulators/cards/registry.ts';
import { sle4428Firmware } from '../../../simulators/reader/firmware/sle4428.ts';
import { sle4428Mutants } from '../../mutants/cards/sle4428.ts';

/**
 * The SLE4428 firmware of the emulated reader, driven with ACS pseudo-APDUs (ACR38x-CCID reference
 * manual v6.04 §9.3.5, ACR39x §8.3) against a real emulated card. Card state is checked with the
 * chip's own read commands (0E 8-bit read, 0C 9-bit read), not through the firmware.
 */

const PSC = 'FF FF'; // generic blank-card code, the emulator's default

async function rig(card: EmulatedCard = cardDefinition('SLE4428').create({ timing: false })) {
  await card.powerOn();
  const firmware = sle4428Firmware.start(card);
  return { card, firmware, send: async (hex: string) => toHex(await firmware.transmit(parseHex(hex))) };
}

async function chipRead(card: EmulatedCard, address: number, length: number): Promise<string> {
  return toHex((await card.execute(readMain(address, length))).data);
}

async function chipProtected(card: EmulatedCard, address: number, length: number): Promise<boolean[]> {
  return splitProtectedRead((await card.execute(readWithProtection(address, length))).data).protectedFlags;
}

describe('SLE4428 reader firmware (ACS pseudo-APDUs)', () => {
  it('is SELECT_CARD_TYPE code 05 and reports the ATR as 3B 04 + the chip answer (cards_readers.md §1.2)', async () => {
    expect(sle4428Firmware.selectCode).to.equal(0x05);
    expect(sle4428Firmware.cardType).to.equal('SLE4428');
    const card = cardDefinition('SLE4428').create();
    expect(toHex(sle4428Firmware.readerAtr(await card.powerOn()))).to.equal('3B 04 92 23 10 91');
  });

  describe('SELECT_CARD_TYPE FF A4 [ACR38x §9.3.5.1]', () => {
    it('answers 90 00 to code 05 and power-cycles the card, dropping a presented PSC', async () => {
      const { send } = await rig();
      expect(await send(`FF 20 00 00 02 ${PSC}`)).to.equal('90 FF');
      expect(await send('FF A4 00 00 01 05')).to.equal('90 00');
      expect(await send('FF D0 01 00 01 55')).to.equal('65 81');
    });

    it('answers 6A 81 to another card type, 67 00 to a wrong Lc, 6B 00 to P1-P2 other than 00 00', async () => {
      const { send } = await rig();
      expect(await send('FF A4 00 00 01 06')).to.equal('6A 81');
      expect(await send('FF A4 00 00 02 05 05')).to.equal('67 00');
      expect(await send('FF A4 00 01 01 05')).to.equal('6B 00');
    });
  });

  describe('READ_MEMORY_CARD FF B0 with a 10-bit address [ACR38x §9.3.5.2]', () => {
    it('reads the blank-card header, and the last bytes with the PSC hidden as 00 00', async () => {
      const { send } = await rig();
      expect(await send('FF B0 00 00 08')).to.equal('92 23 10 91 FF FF 81 13 90 00');
      // 3FD = error counter FF (8 attempts), 3FE-3FF = PSC, read as 00 until verified [yktchina §6]
      expect(await send('FF B0 03 FB 05')).to.equal('FF FF FF 00 00 90 00');
    });

    it('reads 256 bytes with Le 00 from any of the four pages, equal to the chip contents', async () => {
      const { card, send } = await rig();
      expect(await send('FF B0 03 00 00')).to.equal(`${await chipRead(card, 0x300, 256)} 90 00`);
    });

    it('answers 6B 00 past 3FF or with P1 above 03, 67 00 without Le', async () => {
      const { send } = await rig();
      expect(await send('FF B0 03 FF 02')).to.equal('6B 00');
      expect(await send('FF B0 04 00 01')).to.equal('6B 00');
      expect(await send('FF B0 00 00')).to.equal('67 00');
    });
  });

  describe('READ_PRESENTATION_ERROR_COUNTER FF B1 [ACR38x §9.3.5.3]', () => {
    it('answers EC FF and two bytes on a fresh card, with MEM_L 03 or the legacy 00', async () => {
      const { send } = await rig();
      expect(await send('FF B1 00 00 03')).to.equal('FF 00 00 90 00');
      expect(await send('FF B1 00 00 00')).to.equal('FF 00 00 90 00');
    });

    it('answers 67 00 to another Le and 6B 00 to P1-P2 other than 00 00', async () => {
      const { send } = await rig();
      expect(await send('FF B1 00 00 04')).to.equal('67 00');
      expect(await send('FF B1 03 FD 03')).to.equal('6B 00');
    });
  });

  describe('READ_PROTECTION_BIT FF B2 [ACR38x §9.3.5.4: MEM_L PROT bytes of 8 bits, max 32]', () => {
    it('answers 00 for the factory-protected bytes 0..7 and FF for the next eight', async () => {
      const { card, send } = await rig();
      expect(await chipProtected(card, 0, 16)).to.deep.equal([...Array(8).fill(true), ...Array(8).fill(false)]);
      expect(await send('FF B2 00 00 02')).to.equal('00 FF 90 00');
    });

    it('puts the protect bit of the first address in bit 0 of PROT1', async () => {
      const { card, send } = await rig();
      await send(`FF 20 00 00 02 ${PSC}`);
      expect(await send('FF D1 01 05 01 FF')).to.equal('90 00');
      expect(await chipProtected(card, 0x105, 1)).to.deep.equal([true]);
      expect(await send('FF B2 01 00 01')).to.equal('DF 90 00'); // bit 5 of 1101 1111
      expect(await send('FF B2 01 05 01')).to.equal('FE 90 00');
    });

    it('reads 32 bytes (256 addresses) at most, and not past 3FF', async () => {
      const { send } = await rig();
      expect(parseHex(await send('FF B2 03 00 20')).length).to.equal(34);
      expect(await send('FF B2 00 00 21')).to.equal('67 00');
      expect(await send('FF B2 03 F9 01')).to.equal('6B 00');
      expect(await send('FF B2 04 00 01')).to.equal('6B 00');
    });
  });

  describe('WRITE_MEMORY_CARD FF D0 [ACR38x §9.3.5.5]', () => {
    it('writes after PRESENT_CODE, across the A8 boundary', async () => {
      const { card, send } = await rig();
      await send(`FF 20 00 00 02 ${PSC}`);
      expect(await send('FF D0 00 FE 04 11 22 33 44')).to.equal('90 00');
      expect(await chipRead(card, 0xfe, 4)).to.equal('11 22 33 44');
    });

    it('answers 65 81 before PRESENT_CODE or on a protected byte; the chip is unchanged', async () => {
      const { card, send } = await rig();
      expect(await send('FF D0 01 00 01 55')).to.equal('65 81');
      expect(await chipRead(card, 0x100, 1)).to.equal('FF');
      await send(`FF 20 00 00 02 ${PSC}`);
      expect(await send('FF D0 00 04 01 00')).to.equal('65 81');
      expect(await chipRead(card, 4, 1)).to.equal('FF');
    });

    it('answers 65 81 to 00 00 written over an unpresented PSC (it would read back as hidden)', async () => {
      const { send } = await rig();
      expect(await send('FF D0 03 FE 02 00 00')).to.equal('65 81');
      expect(await send(`FF 20 00 00 02 ${PSC}`)).to.equal('90 FF'); // the PSC is still FF FF
    });

    it('answers 6B 00 past 3FF or with P1 above 03, 67 00 without data', async () => {
      const { send } = await rig();
      expect(await send('FF D0 03 FF 02 11 22')).to.equal('6B 00');
      expect(await send('FF D0 08 00 01 11')).to.equal('6B 00');
      expect(await send('FF D0 01 00 02')).to.equal('67 00');
    });
  });

  describe('WRITE_PROTECTION_MEMORY_CARD FF D1 [ACR38x §9.3.5.6]', () => {
    it('answers 65 81 on a data mismatch or before PRESENT_CODE, leaving the bytes writable', async () => {
      const { card, send } = await rig();
      expect(await send('FF D1 01 00 01 FF')).to.equal('65 81');
      await send(`FF 20 00 00 02 ${PSC}`);
      expect(await send('FF D1 01 00 02 FF 00')).to.equal('65 81');
      expect(await chipProtected(card, 0x101, 1)).to.deep.equal([false]);
    });

    it('answers 6B 00 past 3FF and 67 00 without data', async () => {
      const { send } = await rig();
      expect(await send('FF D1 03 FF 02 FF FF')).to.equal('6B 00');
      expect(await send('FF D1 01 00 01')).to.equal('67 00');
    });
  });

  describe('PRESENT_CODE_MEMORY_CARD FF 20 [ACR38x §9.3.5.7: 90 ErrorCnt, FF correct, 00 locked]', () => {
    it('answers 90 FF to the right code', async () => {
      const { send } = await rig();
      expect(await send(`FF 20 00 00 02 ${PSC}`)).to.equal('90 FF');
    });

    it('answers 90 <counter> to a wrong code, one attempt fewer each time, down to 90 00; then locked', async () => {
      const { card, send } = await rig();
      for (let left = 7; left >= 0; left--) {
        const answer = parseHex(await send('FF 20 00 00 02 12 34'));
        expect(answer[0]).to.equal(0x90);
        const counter = (await card.execute(readMain(0x3fd, 1))).data[0]!;
        expect(answer[1], `attempt ${8 - left}`).to.equal(counter);
        expect(counter.toString(2).replaceAll('0', '').length).to.equal(left);
      }
      expect(await send(`FF 20 00 00 02 ${PSC}`)).to.equal('90 00');
      expect(await chipRead(card, 0x3fd, 1)).to.equal('00');
    });

    it('answers 65 81 when the card did not take the counter write (mutant counter-not-decremented)', async () => {
      const mutant = sle4428Mutants.find((m) => m.name === 'counter-not-decremented')!;
      const { send } = await rig(mutant.definition.create({ timing: false }));
      expect(await send('FF 20 00 00 02 12 34')).to.equal('65 81');
    });

    it('answers 67 00 to a code of other than 2 bytes and 6B 00 to P1-P2 other than 00 00; no attempt spent', async () => {
      const { card, send } = await rig();
      expect(await send('FF 20 00 00 03 FF FF FF')).to.equal('67 00');
      expect(await send(`FF 20 01 00 02 ${PSC}`)).to.equal('6B 00');
      expect(await chipRead(card, 0x3fd, 1)).to.equal('FF');
    });
  });

  describe('CHANGE_CODE FF D2 (ACS documents it for the SLE4442 only; this reader takes it for the SLE4428 too)', () => {
    it('writes 3FE-3FF after PRESENT_CODE; the new code then verifies', async () => {
      const { send } = await rig();
      await send(`FF 20 00 00 02 ${PSC}`);
      expect(await send('FF D2 00 01 02 AB CD')).to.equal('90 00');
      expect(await send('FF B1 00 00 03')).to.equal('FF AB CD 90 00');
      await send('FF A4 00 00 01 05');
      expect(await send('FF 20 00 00 02 AB CD')).to.equal('90 FF');
    });

    it('answers 69 85 without PRESENT_CODE (00 00 included) and 65 81 when the PSC bytes are protected', async () => {
      const { send } = await rig();
      expect(await send('FF D2 00 01 02 AB CD')).to.equal('69 85');
      expect(await send('FF D2 00 01 02 00 00')).to.equal('69 85');
      await send(`FF 20 00 00 02 ${PSC}`);
      expect(await send(`FF D1 03 FE 02 ${PSC}`)).to.equal('90 00');
      expect(await send('FF D2 00 01 02 AB CD')).to.equal('65 81');
    });

    it('answers 6B 00 to P1-P2 other than 00 01 and 67 00 to a wrong Lc', async () => {
      const { send } = await rig();
      expect(await send('FF D2 00 00 02 AB CD')).to.equal('6B 00');
      expect(await send('FF D2 00 01 03 AB CD EF')).to.equal('67 00');
    });
  });

  describe('malformed APDUs', () => {
    it('answers 6E 00 to a class other than FF, 6D 00 to an unknown INS, 67 00 to a short or inconsistent APDU', async () => {
      const { send } = await rig();
      expect(await send('80 B0 00 00 10')).to.equal('6E 00');
      expect(await send('FF 84 00 00 08')).to.equal('6D 00'); // AT88SC INITIALIZE_AUTHENTICATION
      expect(await send('FF')).to.equal('67 00');
      expect(await send('FF D0 00 10 02 11')).to.equal('67 00');
    });
  });
});
