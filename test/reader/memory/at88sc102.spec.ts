import { expect } from 'chai';
import { InputError } from '../../../src/core/errors.ts';
import { toHex } from '../../../src/core/hex.ts';
import { AT88SC102_DEFAULT_SC, AT88SC102_FABRICATION_ZONE } from '../../../src/cards/at88sc102/commands.ts';
import * as chip from '../../../src/cards/at88sc102/driver.ts';
import { ApduError } from '../../../src/reader/apdu.ts';
import { ReaderCodeLockedError, LastAttemptRefusedError, WrongCodeError } from '../../../src/reader/memory/code-guard.ts';
import * as at88sc102 from '../../../src/reader/memory/at88sc102.ts';
import { WrongEraseKeyError } from '../../../src/reader/memory/at88sc10x-wire.ts';
import type { At88sc102Card } from '../../../simulators/cards/at88sc102/index.ts';
import { cardDefinition } from '../../../simulators/cards/registry.ts';
import { at88sc102Firmware } from '../../../simulators/reader/firmware/at88sc102.ts';
import { firmwareChannel, type FirmwareChannel } from '../fixtures/firmware-channel.ts';
import { rejection } from '../fixtures/rejection.ts';
import { scripted } from '../fixtures/scripted-channel.ts';

// Expected values come from the card side: the stock code F0 F0 and FZ 0F 0F (datasheet order,
// src/cards/at88sc102/commands.ts after limpkin/mooltipass), the four SCAC attempts (datasheet
// 1419C), and what the chip-level driver reads from the same emulated card.

const RIGHT = AT88SC102_DEFAULT_SC;
const WRONG = Uint8Array.of(0x12, 0x34);

async function setup(): Promise<{ card: At88sc102Card; channel: FirmwareChannel }> {
  const card = cardDefinition('AT88SC102').create({ timing: false }) as At88sc102Card;
  const channel = await firmwareChannel(at88sc102Firmware, card);
  await at88sc102.selectAt88sc102(channel);
  return { card, channel };
}

describe('AT88SC102 through the reader (host operations)', () => {
  it('selects type 09 and reads FZ in datasheet order (0F 0F)', async () => {
    const { channel } = await setup();
    expect(toHex(channel.sent[0]!)).to.equal('FF A4 00 00 01 09');
    expect(toHex(await at88sc102.read(channel, 'fz'))).to.equal(toHex(AT88SC102_FABRICATION_ZONE));
  });

  it('throws ApduError carrying the whole response (data and SW) when a reader answers a read short', async () => {
    const channel = scripted('F0 90 00'); // one byte for FZ's two
    const error = await rejection(at88sc102.read(channel, 'fz'));
    expect(error).to.be.instanceOf(ApduError);
    expect(toHex((error as ApduError).bytes)).to.equal('F0 90 00');
    expect(channel.sent).to.deep.equal(['FF B0 00 00 02']);
  });

  it('presents the right security code: 4 attempts, SC validated on the chip, sent LSB first', async () => {
    const { card, channel } = await setup();
    expect(await at88sc102.presentSecurityCode(channel, RIGHT)).to.equal(4);
    expect(card.validatedCodes).to.deep.equal(['SC']);
    expect(channel.sentWithIns(0x20).map(toHex)).to.deep.equal(['FF 20 08 0A 02 0F 0F']);
  });

  it('throws WrongCodeError counting down 3, 2 on wrong codes', async () => {
    const { channel } = await setup();
    const first = await rejection(at88sc102.presentSecurityCode(channel, WRONG));
    expect(first).to.be.instanceOf(WrongCodeError).with.property('attemptsLeft', 3);
    const second = await rejection(at88sc102.presentSecurityCode(channel, WRONG));
    expect(second).to.be.instanceOf(WrongCodeError).with.property('attemptsLeft', 2);
    expect(await at88sc102.securityCodeAttemptsLeft(channel)).to.equal(2);
  });

  it('refuses the last attempt without insist and sends no FF 20 at all', async () => {
    const { card, channel } = await setup();
    for (let i = 0; i < 3; i++) await rejection(at88sc102.presentSecurityCode(channel, WRONG));
    const before = channel.sentWithIns(0x20).length;
    const refused = await rejection(at88sc102.presentSecurityCode(channel, RIGHT));
    expect(refused).to.be.instanceOf(LastAttemptRefusedError).with.property('attemptsLeft', 1);
    expect(channel.sentWithIns(0x20).length).to.equal(before);
    expect(await chip.securityCodeAttemptsLeft(card)).to.equal(1);
  });

  it('presents at the last attempt with insist: a right code restores all four', async () => {
    const { channel } = await setup();
    for (let i = 0; i < 3; i++) await rejection(at88sc102.presentSecurityCode(channel, WRONG));
    expect(await at88sc102.presentSecurityCode(channel, RIGHT, { insist: true })).to.equal(4);
  });

  it('a wrong code with insist locks the card; then ReaderCodeLockedError, with nothing sent', async () => {
    const { channel } = await setup();
    for (let i = 0; i < 3; i++) await rejection(at88sc102.presentSecurityCode(channel, WRONG));
    const last = await rejection(at88sc102.presentSecurityCode(channel, WRONG, { insist: true }));
    expect(last).to.be.instanceOf(WrongCodeError).with.property('attemptsLeft', 0);
    const before = channel.sentWithIns(0x20).length;
    const locked = await rejection(at88sc102.presentSecurityCode(channel, RIGHT, { insist: true }));
    expect(locked).to.be.instanceOf(ReaderCodeLockedError).with.property('code', 'STBPAY_ERR_CODE_LOCKED');
    expect(channel.sentWithIns(0x20).length).to.equal(before);
  });

  it('reads the reader\'s 63 00 as a locked code (a counter locked between the read and the presentation)', async () => {
    const channel = {
      transmit: async (apdu: Uint8Array) => (apdu[1] === 0xb0 ? Uint8Array.of(0xff, 0xff, 0x90, 0x00) : Uint8Array.of(0x63, 0x00)),
    };
    expect(await rejection(at88sc102.presentSecurityCode(channel, RIGHT))).to.be.instanceOf(ReaderCodeLockedError);
  });

  it('writes, reads and erases CPZ by field; the chip holds the datasheet-order bytes', async () => {
    const { card, channel } = await setup();
    await at88sc102.presentSecurityCode(channel, RIGHT);
    await at88sc102.write(channel, 'cpz', 2, Uint8Array.of(0x12, 0x34));
    expect(toHex(await at88sc102.read(channel, 'cpz', 2, 2))).to.equal('12 34');
    expect(toHex(await chip.read(card, 'cpz', 2, 2))).to.equal('12 34');
    await at88sc102.erase(channel, 'cpz', 3);
    expect(toHex(await chip.read(card, 'cpz', 2, 2))).to.equal('FF FF');
  });

  it('throws ApduError 65 81 for a write the card did not take, and FieldRangeError outside the field', async () => {
    const { channel } = await setup();
    const refused = await rejection(at88sc102.write(channel, 'cpz', 0, Uint8Array.of(0x00)));
    expect(refused).to.be.instanceOf(ApduError);
    expect(toHex((refused as ApduError).bytes)).to.equal('65 81');
    expect(await rejection(at88sc102.read(channel, 'sc', 1, 2))).to.have.property('code', 'STBPAY_ERR_AT88_RANGE');
  });

  describe('application-zone erase with the erase key', () => {
    async function withZones(): Promise<{ card: At88sc102Card; channel: FirmwareChannel }> {
      const s = await setup();
      await at88sc102.presentSecurityCode(s.channel, RIGHT);
      await at88sc102.write(s.channel, 'az1', 1, Uint8Array.of(0x11));
      await at88sc102.write(s.channel, 'az2', 1, Uint8Array.of(0x22));
      await at88sc102.write(s.channel, 'ez1', 0, Uint8Array.of(0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6));
      return s;
    }

    it('erases AZ1 with EZ1 (no counter)', async () => {
      const { card, channel } = await withZones();
      expect(await at88sc102.eraseApplicationZone(channel, 1, Uint8Array.of(0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6))).to.equal(undefined);
      expect((await chip.read(card, 'az1')).every((b) => b === 0xff)).to.equal(true);
    });

    it('throws WrongEraseKeyError for a wrong EZ1 and leaves AZ1', async () => {
      const { card, channel } = await withZones();
      const wrong = await rejection(at88sc102.eraseApplicationZone(channel, 1, new Uint8Array(6).fill(0xff)));
      expect(wrong).to.be.instanceOf(WrongEraseKeyError).with.property('codeName', 'EZ1');
      expect(toHex(await chip.read(card, 'az1', 1, 1))).to.equal('11');
    });

    it('erases AZ2 spending an EC2 bit while EC2EN is intact; a wrong key spends one too', async () => {
      const { card, channel } = await withZones();
      const wrong = await rejection(at88sc102.eraseApplicationZone(channel, 2, Uint8Array.of(0, 0, 0, 0)));
      expect(wrong).to.be.instanceOf(WrongCodeError).with.property('attemptsLeft', 127);
      expect(await at88sc102.eraseApplicationZone(channel, 2, Uint8Array.of(0xff, 0xff, 0xff, 0xff))).to.equal(126);
      expect((await chip.read(card, 'az2')).every((b) => b === 0xff)).to.equal(true);
      expect(channel.sentWithIns(0x20).slice(-1).map(toHex)).to.deep.equal(['FF 20 80 9C 04 FF FF FF FF']);
    });

    it('refuses the last EC2 erase without insist (nothing sent)', async () => {
      const { channel } = await withZones();
      await at88sc102.write(channel, 'ec2', 0, Uint8Array.from([...new Array<number>(15).fill(0), 0x01]));
      expect(await at88sc102.ec2ErasesLeft(channel)).to.equal(1);
      const before = channel.sentWithIns(0x20).length;
      expect(await rejection(at88sc102.eraseApplicationZone(channel, 2, Uint8Array.of(0xff, 0xff, 0xff, 0xff)))).to.be.instanceOf(LastAttemptRefusedError);
      expect(channel.sentWithIns(0x20).length).to.equal(before);
      expect(await at88sc102.eraseApplicationZone(channel, 2, Uint8Array.of(0xff, 0xff, 0xff, 0xff), { insist: true })).to.equal(0);
    });

    it('reads the zone back when the reader answers 90 00 to a wrong key (as ACS readers do)', async () => {
      // An ACS reader that does not check: 90 00 to FF 20, AZ1 still holding data on READ.
      const channel = {
        transmit: async (apdu: Uint8Array) => (apdu[1] === 0xb0 ? Uint8Array.from([...new Array<number>(apdu[4]!).fill(0x0f), 0x90, 0x00]) : Uint8Array.of(0x90, 0x00)),
      };
      const wrong = await rejection(at88sc102.eraseApplicationZone(channel, 1, new Uint8Array(6)));
      expect(wrong).to.be.instanceOf(WrongEraseKeyError).with.property('codeName', 'EZ1');
    });

    it('uses ERASE_APPLICATION_ZONE_WITH_ERASE for AZ2 once EC2EN is blown', async () => {
      const { card, channel } = await withZones();
      await at88sc102.blowFuse(channel, 'ec2enFuse', { irreversible: true });
      expect(await at88sc102.eraseApplicationZone(channel, 2, Uint8Array.of(0xff, 0xff, 0xff, 0xff))).to.equal(undefined);
      expect(channel.sentWithIns(0x20).slice(-1).map(toHex)).to.deep.equal(['FF 20 00 9C 04 FF FF FF FF']);
      expect((await chip.read(card, 'az2')).every((b) => b === 0xff)).to.equal(true);
    });
  });

  it('blows a fuse only when told it is irreversible', async () => {
    const { card, channel } = await setup();
    await at88sc102.presentSecurityCode(channel, RIGHT);
    expect(await rejection(at88sc102.blowFuse(channel, 'issuerFuse'))).to.be.instanceOf(InputError);
    expect(channel.sentWithIns(0x05)).to.have.length(0);
    await at88sc102.blowFuse(channel, 'issuerFuse', { irreversible: true });
    expect(toHex(channel.sentWithIns(0x05)[0]!)).to.equal('FF 05 00 00 04 06 10 01 01');
    expect(await chip.fuseBlown(card, 'issuerFuse')).to.equal(true);
    expect(await at88sc102.fuseBlown(channel, 'issuerFuse')).to.equal(true);
    expect(await at88sc102.fuseBlown(channel, 'manufacturerFuse')).to.equal(false);
  });

  it('throws ApduError 65 81 when the fuse did not blow (no code)', async () => {
    const { channel } = await setup();
    const error = await rejection(at88sc102.blowFuse(channel, 'manufacturerFuse', { irreversible: true }));
    expect(error).to.be.instanceOf(ApduError);
    expect(toHex((error as ApduError).bytes)).to.equal('65 81');
  });
});
