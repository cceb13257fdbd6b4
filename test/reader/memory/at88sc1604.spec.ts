import { expect } from 'chai';
import { InputError } from '../../../src/core/errors.ts';
import { toHex } from '../../../src/core/hex.ts';
import { AT88SC1604_DEFAULT_SC, AT88SC1604_FABRICATION_ZONE } from '../../../src/cards/at88sc1604/commands.ts';
import * as chip from '../../../src/cards/at88sc1604/driver.ts';
import { ApduError } from '../../../src/reader/apdu.ts';
import { ReaderCodeLockedError, LastAttemptRefusedError, WrongCodeError } from '../../../src/reader/memory/code-guard.ts';
import * as at88sc1604 from '../../../src/reader/memory/at88sc1604.ts';
import type { At88sc1604Card } from '../../../simulators/cards/at88sc1604/index.ts';
import { cardDefinition } from '../../../simulators/cards/registry.ts';
import { at88sc1604Firmware } from '../../../simulators/reader/firmware/at88sc1604.ts';
import { firmwareChannel, type FirmwareChannel } from '../fixtures/firmware-channel.ts';
import { rejection } from '../fixtures/rejection.ts';

// Expected values come from the card side: transport code F0 F0, FZ 0F 0F, eight attempts per
// counter, codes and erase keys shipped FF FF (docs/cards/at88sc1604.md), and what the chip-level
// driver reads from the same emulated card.

const RIGHT = AT88SC1604_DEFAULT_SC;
const WRONG = Uint8Array.of(0x12, 0x34);
const BLANK_KEY = Uint8Array.of(0xff, 0xff);

async function setup(): Promise<{ card: At88sc1604Card; channel: FirmwareChannel }> {
  const card = cardDefinition('AT88SC1604').create({ timing: false }) as At88sc1604Card;
  const channel = await firmwareChannel(at88sc1604Firmware, card);
  await at88sc1604.selectAt88sc1604(channel);
  return { card, channel };
}

async function spend(times: number, present: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < times; i++) expect(await rejection(present())).to.be.instanceOf(WrongCodeError);
}

describe('AT88SC1604 through the reader (host operations)', () => {
  it('selects type 0A and reads FZ in datasheet order', async () => {
    const { channel } = await setup();
    expect(toHex(channel.sent[0]!)).to.equal('FF A4 00 00 01 0A');
    expect(toHex(await at88sc1604.read(channel, 'fz'))).to.equal(toHex(AT88SC1604_FABRICATION_ZONE));
  });

  it('presents SC: 8 when right, WrongCodeError counting down 7, 6 when wrong', async () => {
    const { card, channel } = await setup();
    expect(await rejection(at88sc1604.presentSecurityCode(channel, WRONG))).to.be.instanceOf(WrongCodeError).with.property('attemptsLeft', 7);
    expect(await rejection(at88sc1604.presentSecurityCode(channel, WRONG))).to.be.instanceOf(WrongCodeError).with.property('attemptsLeft', 6);
    expect(await at88sc1604.presentSecurityCode(channel, RIGHT)).to.equal(8);
    expect(card.validatedCodes).to.deep.equal(['SC']);
    expect(channel.sentWithIns(0x20).slice(-1).map(toHex)).to.deep.equal(['FF 20 00 00 02 0F 0F']);
  });

  it('refuses SC at the last attempt without insist (no FF 20 sent), presents it with insist', async () => {
    const { channel } = await setup();
    await spend(7, () => at88sc1604.presentSecurityCode(channel, WRONG));
    const before = channel.sentWithIns(0x20).length;
    expect(await rejection(at88sc1604.presentSecurityCode(channel, RIGHT))).to.be.instanceOf(LastAttemptRefusedError);
    expect(channel.sentWithIns(0x20).length).to.equal(before);
    expect(await at88sc1604.presentSecurityCode(channel, RIGHT, { insist: true })).to.equal(8);
  });

  it('a locked SC gives ReaderCodeLockedError without sending anything', async () => {
    const { card, channel } = await setup();
    await spend(7, () => at88sc1604.presentSecurityCode(channel, WRONG));
    await spend(1, () => at88sc1604.presentSecurityCode(channel, WRONG, { insist: true }));
    expect(await chip.attemptsLeft(card, 'scac')).to.equal(0);
    const before = channel.sentWithIns(0x20).length;
    expect(await rejection(at88sc1604.presentSecurityCode(channel, RIGHT, { insist: true }))).to.be.instanceOf(ReaderCodeLockedError);
    expect(channel.sentWithIns(0x20).length).to.equal(before);
  });

  it('presents zone codes: SC1 on its counter, SC2–SC4 without one (undefined)', async () => {
    const { card, channel } = await setup();
    expect(await rejection(at88sc1604.presentZoneCode(channel, 1, WRONG))).to.be.instanceOf(WrongCodeError).with.property('attemptsLeft', 7);
    expect(await at88sc1604.presentZoneCode(channel, 1, BLANK_KEY)).to.equal(8);
    expect(await at88sc1604.attemptsLeft(channel, { zone: 1, field: 'sac' })).to.equal(8);
    await at88sc1604.presentSecurityCode(channel, RIGHT);
    expect(await at88sc1604.presentZoneCode(channel, 3, BLANK_KEY)).to.equal(undefined);
    expect(card.validatedCodes).to.include.members(['SC1', 'SC', 'SC3']);
  });

  it('refuses an erase key at its last attempt without insist (no FF 20 sent)', async () => {
    const { channel } = await setup();
    await spend(7, () => at88sc1604.presentEraseKey(channel, 4, WRONG));
    const before = channel.sentWithIns(0x20).length;
    expect(await rejection(at88sc1604.presentEraseKey(channel, 4, BLANK_KEY))).to.be.instanceOf(LastAttemptRefusedError).with.property('codeName', 'EZ4');
    expect(channel.sentWithIns(0x20).length).to.equal(before);
  });

  it('erases a whole application zone with its erase key once SC is gone', async () => {
    const { card, channel } = await setup();
    await at88sc1604.presentSecurityCode(channel, RIGHT);
    await at88sc1604.write(channel, { zone: 1, field: 'az' }, 1194, Uint8Array.of(0x5a));
    await at88sc1604.write(channel, { zone: 1, field: 'az' }, 3, Uint8Array.of(0x00, 0x00));
    await at88sc1604.selectAt88sc1604(channel); // power cycle: SC no longer validated
    expect(await rejection(at88sc1604.erase(channel, { zone: 1, field: 'az' }, 3))).to.be.instanceOf(ApduError);
    expect(await rejection(at88sc1604.eraseApplicationZone(channel, 1, WRONG))).to.be.instanceOf(WrongCodeError).with.property('attemptsLeft', 7);
    expect(await at88sc1604.eraseApplicationZone(channel, 1, BLANK_KEY)).to.equal(8);
    expect((await chip.read(card, { zone: 1, field: 'az' })).every((b) => b === 0xff)).to.equal(true);
    // 1195 bytes, ECh at a time: six FF D2 commands
    expect(channel.sentWithIns(0xd2).slice(-6).map((c) => c[4])).to.deep.equal([0xec, 0xec, 0xec, 0xec, 0xec, 1195 - 5 * 0xec]);
  });

  it('reads and writes long fields in ECh chunks, in datasheet order', async () => {
    const { card, channel } = await setup();
    await at88sc1604.presentSecurityCode(channel, RIGHT);
    const data = Uint8Array.from({ length: 256 }, (_, i) => (i * 37 + 5) & 0xff);
    await at88sc1604.write(channel, { zone: 2, field: 'az' }, 0, data);
    expect(toHex(await chip.read(card, { zone: 2, field: 'az' }))).to.equal(toHex(data));
    expect(toHex(await at88sc1604.read(channel, { zone: 2, field: 'az' }))).to.equal(toHex(data));
    expect(channel.sentWithIns(0xd0).map((c) => c[4])).to.deep.equal([0xec, 256 - 0xec]);
  });

  it('blows FUSE2 only when told it is irreversible', async () => {
    const { card, channel } = await setup();
    await at88sc1604.presentSecurityCode(channel, RIGHT);
    expect(await rejection(at88sc1604.blowFuse(channel, 'fuse2'))).to.be.instanceOf(InputError);
    expect(channel.sentWithIns(0x05)).to.have.length(0);
    expect(await at88sc1604.fuseBlown(channel, 'fuse2')).to.equal(false);
    await at88sc1604.blowFuse(channel, 'fuse2', { irreversible: true });
    expect(toHex(channel.sentWithIns(0x05)[0]!)).to.equal('FF 05 00 00 04 3E C0 01 01');
    expect(await at88sc1604.fuseBlown(channel, 'fuse2')).to.equal(true);
    expect(toHex(await chip.read(card, 'fuse2'))).to.equal('00');
  });
});
