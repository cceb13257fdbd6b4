import { expect } from 'chai';
import { InputError } from '../../../src/core/errors.ts';
import { toHex } from '../../../src/core/hex.ts';
import { readMain as chipReadCommand, readWithProtection, splitProtectedRead } from '../../../src/cards/sle4428/commands.ts';
import { ApduError } from '../../../src/reader/apdu.ts';
import { ReaderCodeLockedError, LastAttemptRefusedError, WrongCodeError } from '../../../src/reader/memory/code-guard.ts';
import * as sle4428 from '../../../src/reader/memory/sle4428.ts';
import type { EmulatedCard } from '../../../simulators/cards/common/emulated-card.ts';
import { cardDefinition } from '../../../simulators/cards/registry.ts';
import { sle4428Firmware } from '../../../simulators/reader/firmware/sle4428.ts';
import { firmwareChannel, type FirmwareChannel } from '../fixtures/firmware-channel.ts';
import { rejection } from '../fixtures/rejection.ts';

/**
 * Host-side SLE4428 operations over an ApduChannel straight onto the reader firmware and a real
 * emulated card. What the card holds is checked with chip commands, not with the operations.
 */

const PSC = Uint8Array.of(0x5a, 0xa5);
const WRONG = Uint8Array.of(0x12, 0x34);
const PRESENT_CODE = 0x20;

async function setup(): Promise<{ card: EmulatedCard; channel: FirmwareChannel }> {
  const card = cardDefinition('SLE4428').create({ secret: PSC, timing: false });
  return { card, channel: await firmwareChannel(sle4428Firmware, card) };
}

async function chipRead(card: EmulatedCard, address: number, length: number): Promise<Uint8Array> {
  return (await card.execute(chipReadCommand(address, length))).data;
}

async function chipProtectedAddresses(card: EmulatedCard, address: number, length: number): Promise<number[]> {
  const { protectedFlags } = splitProtectedRead((await card.execute(readWithProtection(address, length))).data);
  return protectedFlags.flatMap((isProtected, i) => (isProtected ? [address + i] : []));
}

/** Spends `count` wrong presentations (insisting, so the count is exact). */
async function spendAttempts(channel: FirmwareChannel, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await rejection(sle4428.presentPsc(channel, WRONG, { insist: true }));
}

describe('SLE4428 operations through a reader (ACS pseudo-APDUs)', () => {
  it('selects the card type with FF A4 00 00 01 05 [ACR38x §9.3.5.1]', async () => {
    const { channel } = await setup();
    await sle4428.selectSle4428(channel);
    expect(channel.sent.map(toHex)).to.deep.equal(['FF A4 00 00 01 05']);
  });

  describe('readMain', () => {
    it('reads all 1024 bytes in 255-byte commands with 10-bit addresses, equal to the card', async () => {
      const { card, channel } = await setup();
      const data = await sle4428.readMain(channel, 0, 1024);
      expect(toHex(data)).to.equal(toHex(await chipRead(card, 0, 1024)));
      expect(channel.sent.map(toHex)).to.deep.equal(['FF B0 00 00 FF', 'FF B0 00 FF FF', 'FF B0 01 FE FF', 'FF B0 02 FD FF', 'FF B0 03 FC 04']);
    });

    it('chunks to a configured maximum', async () => {
      const { card, channel } = await setup();
      const data = await sle4428.readMain(channel, 0xf0, 40, { maxReadLength: 32 });
      expect(toHex(data)).to.equal(toHex(await chipRead(card, 0xf0, 40)));
      expect(channel.sent.map(toHex)).to.deep.equal(['FF B0 00 F0 20', 'FF B0 01 10 08']);
    });

    it('refuses ranges outside the card, sending nothing', async () => {
      const { channel } = await setup();
      expect(await rejection(sle4428.readMain(channel, 1020, 5))).to.be.instanceOf(InputError);
      expect(await rejection(sle4428.readMain(channel, -1, 1))).to.be.instanceOf(InputError);
      expect(channel.sent).to.deep.equal([]);
    });
  });

  it('writeMain writes after presentPsc, in chunks; before it throws ApduError and the card is unchanged', async () => {
    const { card, channel } = await setup();
    expect(await rejection(sle4428.writeMain(channel, 0x200, Uint8Array.of(1)))).to.be.instanceOf(ApduError);
    expect(toHex(await chipRead(card, 0x200, 1))).to.equal('FF');
    await sle4428.presentPsc(channel, PSC);
    const data = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    await sle4428.writeMain(channel, 0x1f0, data);
    expect(toHex(await chipRead(card, 0x1f0, 300))).to.equal(toHex(data));
    expect(channel.sentWithIns(0xd0).slice(1).map((c) => toHex(c.subarray(0, 5)))).to.deep.equal(['FF D0 01 F0 FF', 'FF D0 02 EF 2D']);
  });

  it('readErrorCounter reports FF = eight attempts on a fresh card [ACR38x §9.3.5.3]', async () => {
    const { channel } = await setup();
    expect(await sle4428.readErrorCounter(channel)).to.deep.equal({ errorCounter: 0xff, attemptsLeft: 8, locked: false });
  });

  describe('readProtection / protect', () => {
    it('decodes PROT bytes into a per-byte map: 0..7 protected on a blank card', async () => {
      const { card, channel } = await setup();
      const map = await sle4428.readProtection(channel, 0, 16);
      expect(map.protectedAddresses).to.deep.equal(await chipProtectedAddresses(card, 0, 16));
      expect(map.protectedAddresses).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7]);
      expect([...map.byAddress.keys()]).to.deep.equal(Array.from({ length: 16 }, (_, i) => i));
      expect(() => map.isProtected(16)).to.throw(InputError);
    });

    it('maps runs longer than one command (32 PROT bytes) and odd starts, as the chip holds them', async () => {
      const { card, channel } = await setup();
      await sle4428.presentPsc(channel, PSC);
      await sle4428.protect(channel, 0x105, Uint8Array.of(0xff));
      await sle4428.protect(channel, 0x1f0, Uint8Array.of(0xff, 0xff));
      const map = await sle4428.readProtection(channel, 3, 500);
      expect(map.protectedAddresses).to.deep.equal(await chipProtectedAddresses(card, 3, 500));
      expect(map.protectedAddresses).to.deep.equal([3, 4, 5, 6, 7, 0x105, 0x1f0, 0x1f1]);
      expect(channel.sentWithIns(0xb2).map((c) => c[4])).to.deep.equal([32, 31]);
    });

    it('reads the protect bits of the last bytes by starting lower (reads may not pass 3FF)', async () => {
      const { card, channel } = await setup();
      await sle4428.presentPsc(channel, PSC);
      await sle4428.protect(channel, 0x3fe, PSC);
      const map = await sle4428.readProtection(channel, 0x3fd, 3);
      expect([...map.byAddress]).to.deep.equal([
        [0x3fd, false],
        [0x3fe, true],
        [0x3ff, true],
      ]);
      expect(await chipProtectedAddresses(card, 0x3fd, 3)).to.deep.equal([0x3fe, 0x3ff]);
    });

    it('protect throws ApduError when the data differs from the card', async () => {
      const { channel } = await setup();
      await sle4428.presentPsc(channel, PSC);
      expect(await rejection(sle4428.protect(channel, 0x100, Uint8Array.of(0x00)))).to.be.instanceOf(ApduError);
    });
  });

  describe('presentPsc (guardPresentation: a wrong PSC must not brick a customer card)', () => {
    it('returns 8 attempts left after the right code, reading the counter first', async () => {
      const { channel } = await setup();
      expect(await sle4428.presentPsc(channel, PSC)).to.equal(8);
      expect(channel.sent.map(toHex)).to.deep.equal(['FF B1 00 00 03', 'FF 20 00 00 02 5A A5']);
    });

    it('throws WrongCodeError counting down from 7', async () => {
      const { channel } = await setup();
      expect(await rejection(sle4428.presentPsc(channel, WRONG))).to.be.instanceOf(WrongCodeError).with.property('attemptsLeft', 7);
      expect(await rejection(sle4428.presentPsc(channel, WRONG))).to.be.instanceOf(WrongCodeError).with.property('attemptsLeft', 6);
    });

    it('refuses the last attempt without insist, sending no FF 20; insist presents it', async () => {
      const { card, channel } = await setup();
      await spendAttempts(channel, 7);
      const counter = toHex(await chipRead(card, 0x3fd, 1));
      const presentations = channel.sentWithIns(PRESENT_CODE).length;
      expect(await rejection(sle4428.presentPsc(channel, PSC))).to.be.instanceOf(LastAttemptRefusedError);
      expect(channel.sentWithIns(PRESENT_CODE).length).to.equal(presentations);
      expect(toHex(await chipRead(card, 0x3fd, 1))).to.equal(counter);
      expect(await sle4428.presentPsc(channel, PSC, { insist: true })).to.equal(8);
    });

    it('a locked card gets nothing sent: ReaderCodeLockedError even with insist', async () => {
      const { card, channel } = await setup();
      await spendAttempts(channel, 8);
      expect(toHex(await chipRead(card, 0x3fd, 1))).to.equal('00');
      const presentations = channel.sentWithIns(PRESENT_CODE).length;
      expect(await rejection(sle4428.presentPsc(channel, PSC, { insist: true }))).to.be.instanceOf(ReaderCodeLockedError);
      expect(channel.sentWithIns(PRESENT_CODE).length).to.equal(presentations);
    });

    it('refuses a PSC of other than 2 bytes without sending anything', async () => {
      const { channel } = await setup();
      expect(await rejection(sle4428.presentPsc(channel, Uint8Array.of(1, 2, 3)))).to.be.instanceOf(InputError);
      expect(channel.sent).to.deep.equal([]);
    });
  });

  describe('changePsc', () => {
    it('throws ApduError (69 85) before the PSC was presented', async () => {
      const { channel } = await setup();
      expect(await rejection(sle4428.changePsc(channel, Uint8Array.of(1, 2)))).to.be.instanceOf(ApduError);
    });

    it('changes the PSC; after a power cycle only the new code verifies', async () => {
      const { card, channel } = await setup();
      await sle4428.presentPsc(channel, PSC);
      await sle4428.changePsc(channel, Uint8Array.of(0x00, 0x00));
      expect(toHex(await chipRead(card, 0x3fe, 2))).to.equal('00 00');
      await sle4428.selectSle4428(channel);
      expect(await rejection(sle4428.presentPsc(channel, PSC))).to.be.instanceOf(WrongCodeError);
      expect(await sle4428.presentPsc(channel, Uint8Array.of(0x00, 0x00))).to.equal(8);
    });
  });
});
