import { expect } from 'chai';
import { InputError } from '../../../src/core/errors.ts';
import { toHex } from '../../../src/core/hex.ts';
import { ApduError } from '../../../src/reader/apdu.ts';
import { ReaderCodeLockedError, LastAttemptRefusedError, WrongCodeError } from '../../../src/reader/memory/code-guard.ts';
import * as sle4442 from '../../../src/reader/memory/sle4442.ts';
import type { EmulatedCard } from '../../../simulators/cards/common/emulated-card.ts';
import { cardDefinition } from '../../../simulators/cards/registry.ts';
import { sle4442Firmware } from '../../../simulators/reader/firmware/sle4442.ts';
import { firmwareChannel, type FirmwareChannel } from '../fixtures/firmware-channel.ts';
import { rejection } from '../fixtures/rejection.ts';
import { scripted } from '../fixtures/scripted-channel.ts';

/**
 * Host-side SLE4442 operations over an ApduChannel straight onto the reader firmware and a real
 * emulated card. What the card holds is checked with chip commands, not with the operations.
 */

const PSC = Uint8Array.of(0x12, 0x34, 0x56);
const WRONG = Uint8Array.of(0x65, 0x43, 0x21);
const PRESENT_CODE = 0x20;

async function setup(): Promise<{ card: EmulatedCard; channel: FirmwareChannel }> {
  const card = cardDefinition('SLE4442').create({ secret: PSC, timing: false });
  return { card, channel: await firmwareChannel(sle4442Firmware, card) };
}

async function chipMain(card: EmulatedCard, address: number, length: number): Promise<Uint8Array> {
  return (await card.execute({ bytes: Uint8Array.of(0x30, address, 0), readLength: length })).data;
}

async function chipCounter(card: EmulatedCard): Promise<number> {
  return (await card.execute({ bytes: Uint8Array.of(0x31, 0, 0), readLength: 1 })).data[0]!;
}

describe('SLE4442 operations through a reader (ACS pseudo-APDUs)', () => {
  it('selects the card type with FF A4 00 00 01 06 [ACR38x §9.3.6.1]', async () => {
    const { channel } = await setup();
    await sle4442.selectSle4442(channel);
    expect(channel.sent.map(toHex)).to.deep.equal(['FF A4 00 00 01 06']);
  });

  describe('readMain', () => {
    it('reads all 256 bytes in two commands of at most 255 (Le 00 is never sent), equal to the card', async () => {
      const { card, channel } = await setup();
      const data = await sle4442.readMain(channel, 0, 256);
      expect(toHex(data)).to.equal(toHex(await chipMain(card, 0, 256)));
      expect(channel.sent.map(toHex)).to.deep.equal(['FF B0 00 00 FF', 'FF B0 00 FF 01']);
    });

    it('chunks to a configured maximum, each command within it, the result equal to the card', async () => {
      const { card, channel } = await setup();
      const data = await sle4442.readMain(channel, 0x10, 100, { maxReadLength: 16 });
      expect(toHex(data)).to.equal(toHex(await chipMain(card, 0x10, 100)));
      expect(channel.sent).to.have.length(7);
      expect(channel.sent.every((c) => c[4]! <= 16 && c[4]! > 0)).to.equal(true);
      expect(channel.sent.map((c) => c[3])).to.deep.equal([0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70]);
    });

    it('refuses ranges outside the card and maxima that are no short Le, sending nothing', async () => {
      const { channel } = await setup();
      expect(await rejection(sle4442.readMain(channel, 250, 7))).to.be.instanceOf(InputError);
      expect(await rejection(sle4442.readMain(channel, 256, 1))).to.be.instanceOf(InputError);
      expect(await rejection(sle4442.readMain(channel, 0, 0))).to.be.instanceOf(InputError);
      expect(await rejection(sle4442.readMain(channel, 0, 10, { maxReadLength: 256 }))).to.be.instanceOf(InputError);
      expect(await rejection(sle4442.readMain(channel, 0, 10, { maxReadLength: 0 }))).to.be.instanceOf(InputError);
      expect(channel.sent).to.deep.equal([]);
    });

    it('throws ApduError with the bytes when the reader answers short', async () => {
      const error = await rejection(sle4442.readMain(scripted('A2 13 90 00'), 0, 4));
      expect(error).to.be.instanceOf(ApduError);
      expect(toHex((error as ApduError).bytes)).to.equal('A2 13 90 00');
    });
  });

  describe('writeMain', () => {
    it('writes after presentPsc, in chunks of the configured maximum', async () => {
      const { card, channel } = await setup();
      await sle4442.presentPsc(channel, PSC);
      const data = Uint8Array.from({ length: 200 }, (_, i) => i);
      await sle4442.writeMain(channel, 0x30, data, { maxWriteLength: 128 });
      expect(toHex(await chipMain(card, 0x30, 200))).to.equal(toHex(data));
      expect(channel.sentWithIns(0xd0).map((c) => c[4])).to.deep.equal([128, 72]);
    });

    it('throws ApduError (65 81) when the PSC was not presented; the card is unchanged', async () => {
      const { card, channel } = await setup();
      const error = await rejection(sle4442.writeMain(channel, 0x40, Uint8Array.of(1, 2)));
      expect(error).to.be.instanceOf(ApduError).with.property('message').that.matches(/did not take/);
      expect(toHex(await chipMain(card, 0x40, 2))).to.equal('FF FF');
    });
  });

  it('readErrorCounter reports 07 = three attempts on a fresh card [ACR38x §9.3.6.3]', async () => {
    const { channel } = await setup();
    expect(await sle4442.readErrorCounter(channel)).to.deep.equal({ errorCounter: 7, attemptsLeft: 3, locked: false });
  });

  describe('protection', () => {
    it('decodes PROT1..4 into a per-byte map: bytes 0..7 and 21..26 protected on a blank card', async () => {
      const { card, channel } = await setup();
      const map = await sle4442.readProtection(channel);
      const chipBits = (await card.execute({ bytes: Uint8Array.of(0x34, 0, 0), readLength: 4 })).data;
      // independent decoding of the chip's bits: bit (a & 7) of byte (a >> 3), 0 = protected [ACR38x §9.3.6.4]
      const expected = Array.from({ length: 32 }, (_, a) => a).filter((a) => ((chipBits[a >> 3]! >> (a & 7)) & 1) === 0);
      expect(map.protectedAddresses).to.deep.equal(expected);
      expect(map.protectedAddresses).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 21, 22, 23, 24, 25, 26]);
      expect(map.byAddress.size).to.equal(32);
      expect(map.isProtected(7)).to.equal(true);
      expect(map.isProtected(8)).to.equal(false);
      expect(() => map.isProtected(32)).to.throw(InputError);
    });

    it('protect compares and protects; the map then shows the byte protected', async () => {
      const { channel } = await setup();
      await sle4442.presentPsc(channel, PSC);
      await sle4442.writeMain(channel, 0x1f, Uint8Array.of(0x5a));
      await sle4442.protect(channel, 0x1f, Uint8Array.of(0x5a));
      expect((await sle4442.readProtection(channel)).isProtected(0x1f)).to.equal(true);
    });

    it('protect throws ApduError when the data differs, and InputError beyond byte 31 (nothing sent)', async () => {
      const { channel } = await setup();
      await sle4442.presentPsc(channel, PSC);
      expect(await rejection(sle4442.protect(channel, 8, Uint8Array.of(0x00)))).to.be.instanceOf(ApduError);
      const before = channel.sent.length;
      expect(await rejection(sle4442.protect(channel, 31, Uint8Array.of(0xff, 0xff)))).to.be.instanceOf(InputError);
      expect(channel.sent.length).to.equal(before);
    });
  });

  describe('presentPsc (guardPresentation: a wrong PSC must not brick a customer card)', () => {
    it('returns 3 attempts left after the right code, reading the counter first', async () => {
      const { channel } = await setup();
      expect(await sle4442.presentPsc(channel, PSC)).to.equal(3);
      expect(channel.sent.map(toHex)).to.deep.equal(['FF B1 00 00 04', 'FF 20 00 00 03 12 34 56']);
    });

    it('throws WrongCodeError counting down 2, 1; then refuses the last attempt without sending FF 20', async () => {
      const { card, channel } = await setup();
      expect(await rejection(sle4442.presentPsc(channel, WRONG))).to.be.instanceOf(WrongCodeError).with.property('attemptsLeft', 2);
      expect(await rejection(sle4442.presentPsc(channel, WRONG))).to.be.instanceOf(WrongCodeError).with.property('attemptsLeft', 1);
      const presentations = channel.sentWithIns(PRESENT_CODE).length;
      const refused = await rejection(sle4442.presentPsc(channel, PSC));
      expect(refused).to.be.instanceOf(LastAttemptRefusedError).with.property('attemptsLeft', 1);
      expect(channel.sentWithIns(PRESENT_CODE).length).to.equal(presentations);
      expect(await chipCounter(card)).to.equal(0x01);
    });

    it('presents the last attempt with insist: the right code restores three attempts', async () => {
      const { channel } = await setup();
      await rejection(sle4442.presentPsc(channel, WRONG));
      await rejection(sle4442.presentPsc(channel, WRONG));
      expect(await sle4442.presentPsc(channel, PSC, { insist: true })).to.equal(3);
    });

    it('a wrong code at the last attempt (insist) leaves 0; the locked card then gets nothing sent', async () => {
      const { card, channel } = await setup();
      await rejection(sle4442.presentPsc(channel, WRONG));
      await rejection(sle4442.presentPsc(channel, WRONG));
      expect(await rejection(sle4442.presentPsc(channel, WRONG, { insist: true }))).to.be.instanceOf(WrongCodeError).with.property('attemptsLeft', 0);
      expect(await sle4442.readErrorCounter(channel)).to.deep.equal({ errorCounter: 0, attemptsLeft: 0, locked: true });
      const presentations = channel.sentWithIns(PRESENT_CODE).length;
      expect(await rejection(sle4442.presentPsc(channel, PSC, { insist: true }))).to.be.instanceOf(ReaderCodeLockedError);
      expect(channel.sentWithIns(PRESENT_CODE).length).to.equal(presentations);
      expect(await chipCounter(card)).to.equal(0);
    });

    it('takes 69 83 from a reader that refuses a locked code itself as ReaderCodeLockedError', async () => {
      const channel = scripted('07 00 00 00 90 00', '69 83');
      expect(await rejection(sle4442.presentPsc(channel, PSC))).to.be.instanceOf(ReaderCodeLockedError);
    });

    it('throws ApduError for an answer that is no SLE4442 counter (90 08) or not 90 xx', async () => {
      expect(await rejection(sle4442.presentPsc(scripted('07 00 00 00 90 00', '90 08'), PSC))).to.be.instanceOf(ApduError);
      expect(await rejection(sle4442.presentPsc(scripted('07 00 00 00 90 00', '65 81'), PSC))).to.be.instanceOf(ApduError);
    });

    it('refuses a PSC of other than 3 bytes without sending anything', async () => {
      const { channel } = await setup();
      expect(await rejection(sle4442.presentPsc(channel, Uint8Array.of(1, 2)))).to.be.instanceOf(InputError);
      expect(channel.sent).to.deep.equal([]);
    });
  });

  describe('changePsc [ACR38x §9.3.6.8]', () => {
    it('throws ApduError (69 85) before the PSC was presented', async () => {
      const { channel } = await setup();
      expect(await rejection(sle4442.changePsc(channel, Uint8Array.of(9, 9, 9))))
        .to.be.instanceOf(ApduError)
        .with.property('message')
        .that.matches(/present the code first/);
    });

    it('changes the PSC; after a power cycle the new code verifies and the old one is wrong', async () => {
      const { channel } = await setup();
      await sle4442.presentPsc(channel, PSC);
      await sle4442.changePsc(channel, Uint8Array.of(9, 8, 7));
      await sle4442.selectSle4442(channel);
      expect(await rejection(sle4442.presentPsc(channel, PSC))).to.be.instanceOf(WrongCodeError);
      expect(await sle4442.presentPsc(channel, Uint8Array.of(9, 8, 7))).to.equal(3);
    });
  });
});
