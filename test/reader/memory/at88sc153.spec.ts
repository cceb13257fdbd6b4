import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { InputError } from '../../../src/core/errors.ts';
import { parseHex, toHex } from '../../../src/core/hex.ts';
import { At88FuseError } from '../../../src/cards/at88-i2c/errors.ts';
import { ApduError } from '../../../src/reader/apdu.ts';
import { ReaderCodeLockedError, LastAttemptRefusedError, WrongCodeError } from '../../../src/reader/memory/code-guard.ts';
import * as ops from '../../../src/reader/memory/at88sc153.ts';
import { at88sc153Definition, type At88sc153Card } from '../../../simulators/cards/at88sc153/index.ts';
import { at88sc153ToImage } from '../../../simulators/cards/at88sc153/image.ts';
import { factoryContents } from '../../../simulators/cards/at88sc153/memory.ts';
import { at88sc153Firmware } from '../../../simulators/reader/firmware/at88sc153.ts';
import { FirmwareChannel } from '../fixtures/firmware-channel.ts';
import { rejection } from '../fixtures/rejection.ts';

// Host operations over an ApduChannel straight onto the reader firmware (no CCID). Expected card
// contents come from the emulator's image; PACs at $30 + 8p (+4 for Read p), the secure code
// Write 1 = DD 42 97 (docs/cards/at88sc153.md).

const SECURE_CODE = parseHex('DD 42 97');
const W0 = { set: 0, kind: 'write' } as const;
const PAC_W0 = 0x30;
const PAC_W1 = 0x38;
const VERIFY = 0x20;

const pattern = (zone: number, i: number): number => (zone * 0x55 + i * 3 + 1) & 0xff;

interface Setup {
  readonly card: At88sc153Card;
  readonly channel: FirmwareChannel;
  area(name: string): Uint8Array;
}

async function setup(config: [number, number][] = []): Promise<Setup> {
  const contents = factoryContents(SECURE_CODE);
  contents.user.forEach((zone, z) => zone.forEach((_, i) => (zone[i] = pattern(z, i))));
  for (const [address, value] of config) contents.configuration[address] = value;
  const clock = new VirtualClock();
  const card = at88sc153Definition.fromImage(at88sc153ToImage(contents), { clock });
  await card.powerOn();
  const channel = new FirmwareChannel(at88sc153Firmware.start(card, clock));
  return { card, channel, area: (name) => parseHex(card.toImage().areas[name] ?? '') };
}

describe('AT88SC153 operations through a reader (ACS pseudo-APDUs)', () => {
  it('selects the card type with FF A4 00 00 01 03', async () => {
    const s = await setup();
    await ops.selectAt88sc153(s.channel);
    expect(s.channel.sent.map(toHex)).to.deep.equal(['FF A4 00 00 01 03']);
  });

  it('reads each user zone equal to the card, across 8-byte pages, in one APDU or in chunks', async () => {
    const s = await setup();
    for (const zone of [0, 1, 2]) {
      expect(toHex(await ops.readUserZone(s.channel, zone, 0x03, 0x3d))).to.equal(toHex(s.area(`user${zone}`).subarray(0x03)));
    }
    s.channel.sent.length = 0;
    expect(toHex(await ops.readUserZone(s.channel, 2, 0x05, 20, { maxReadLength: 8 }))).to.equal(toHex(s.area('user2').subarray(5, 25)));
    expect(s.channel.sent.map(toHex)).to.deep.equal(['FF B2 00 05 08', 'FF B2 00 0D 08', 'FF B2 00 15 04']);
  });

  it('writes a user zone and the card holds the data', async () => {
    const s = await setup();
    const data = Uint8Array.from({ length: 30 }, (_, i) => 0x40 | i);
    await ops.writeUserZone(s.channel, 1, 0x0b, data, { maxWriteLength: 16 });
    expect(toHex(s.area('user1').subarray(0x0b, 0x0b + 30))).to.equal(toHex(data));
    expect(s.channel.sentWithIns(0xd1).map((c) => toHex(c.subarray(0, 5)))).to.deep.equal(['FF D1 00 0B 10', 'FF D1 00 1B 0E']);
  });

  it('throws ApduError with the 69 85 answer when the reader cannot check a write (AR0 BB: read password, write lock)', async () => {
    const s = await setup([[0x18, 0xbb]]); // RPE = 0, WPE = 1, WLM = 0; Read 1 not presented
    const error = await rejection(ops.writeUserZone(s.channel, 0, 1, parseHex('01 02')));
    expect(error).to.be.instanceOf(ApduError);
    expect(toHex((error as ApduError).bytes)).to.equal('69 85');
    expect(toHex(s.area('user0').subarray(1, 3))).to.equal(toHex(Uint8Array.of(pattern(0, 1), pattern(0, 2)))); // as it was
  });

  it('throws ApduError with the 65 81 answer when the card does not take a write', async () => {
    const s = await setup([[0x19, 0x7f]]); // AR1: WPE = 0
    const error = await rejection(ops.writeUserZone(s.channel, 1, 0, parseHex('01 02')));
    expect(error).to.be.instanceOf(ApduError);
    expect(toHex((error as ApduError).bytes)).to.equal('65 81');
  });

  it('reads and writes the configuration zone (zone 11b), the latter after the secure code', async () => {
    const s = await setup();
    expect(toHex(await ops.readConfig(s.channel, 0, 4))).to.equal('2C AA 55 A1');
    expect(await rejection(ops.writeConfig(s.channel, 0x10, parseHex('49 53')))).to.be.instanceOf(ApduError);
    expect(await ops.presentSecureCode(s.channel, SECURE_CODE)).to.equal(8);
    await ops.writeConfig(s.channel, 0x10, parseHex('49 53'));
    expect(toHex(s.area('configuration').subarray(0x10, 0x12))).to.equal('49 53');
  });

  describe('presenting a password (guardPresentation: the counter is read first)', () => {
    it('counts down on wrong passwords, reading the attempts counter before each presentation', async () => {
      const s = await setup();
      for (const left of [7, 6]) {
        const error = await rejection(ops.verifyPassword(s.channel, W0, parseHex('00 00 00')));
        expect(error).to.be.instanceOf(WrongCodeError).with.property('attemptsLeft', left);
      }
      expect(s.area('configuration')[PAC_W0]).to.equal(0xfc);
      expect(s.channel.sent.map((c) => toHex(c.subarray(0, 4)))).to.deep.equal(['FF B3 00 30', 'FF 20 00 00', 'FF B3 00 30', 'FF 20 00 00']);
    });

    it('refuses the last attempt without insist, sending no FF 20 at all', async () => {
      const s = await setup([[PAC_W1, 0x80]]);
      const error = await rejection(ops.presentSecureCode(s.channel, SECURE_CODE));
      expect(error).to.be.instanceOf(LastAttemptRefusedError).with.property('attemptsLeft', 1);
      expect(s.channel.sentWithIns(VERIFY)).to.deep.equal([]);
      expect(s.area('configuration')[PAC_W1]).to.equal(0x80);
    });

    it('presents the last attempt when the caller insists: right restores 8 attempts, wrong locks', async () => {
      const right = await setup([[PAC_W1, 0x80]]);
      expect(await ops.presentSecureCode(right.channel, SECURE_CODE, { insist: true })).to.equal(8);
      expect(right.channel.sentWithIns(VERIFY).map(toHex)).to.deep.equal(['FF 20 00 01 03 DD 42 97']);
      const wrong = await setup([[PAC_W0, 0x80]]);
      const error = await rejection(ops.verifyPassword(wrong.channel, W0, parseHex('01 02 03'), { insist: true }));
      expect(error).to.be.instanceOf(WrongCodeError).with.property('attemptsLeft', 0);
      expect(wrong.area('configuration')[PAC_W0]).to.equal(0x00);
    });

    it('never presents a locked password, even with insist', async () => {
      const s = await setup([[PAC_W0, 0x00]]);
      expect(await rejection(ops.verifyPassword(s.channel, W0, parseHex('01 02 03'), { insist: true }))).to.be.instanceOf(ReaderCodeLockedError);
      expect(s.channel.sentWithIns(VERIFY)).to.deep.equal([]);
    });

    it('reads the attempts left of Read 1 at $3C', async () => {
      const s = await setup([[0x3c, 0xe0]]);
      expect(await ops.passwordAttemptsLeft(s.channel, { set: 1, kind: 'read' })).to.equal(3);
    });
  });

  describe('fuses', () => {
    it('reads the fuse byte and blows FAB then CMA after the secure code', async () => {
      const s = await setup();
      expect(await ops.readFuses(s.channel)).to.deep.equal({ fuseByte: 0x07, blown: { FAB: false, CMA: false, PER: false } });
      expect(await rejection(ops.blowFuse(s.channel, 'FAB'))).to.be.instanceOf(ApduError);
      await ops.presentSecureCode(s.channel, SECURE_CODE);
      await ops.blowFuse(s.channel, 'FAB');
      await ops.blowFuse(s.channel, 'CMA');
      expect((await ops.readFuses(s.channel)).blown).to.deep.equal({ FAB: true, CMA: true, PER: false });
      expect(s.channel.sentWithIns(0xd4).map(toHex)).to.deep.equal(['FF D4 00 00 01 01', 'FF D4 00 00 01 01', 'FF D4 00 00 01 02']);
    });

    it('refuses a fuse out of order without sending the write', async () => {
      const s = await setup();
      expect(await rejection(ops.blowFuse(s.channel, 'PER'))).to.be.instanceOf(At88FuseError);
      expect(s.channel.sentWithIns(0xd4)).to.deep.equal([]);
    });
  });

  it('refuses arguments outside the card with InputError before sending anything', async () => {
    const s = await setup();
    const errors = await Promise.all([
      rejection(ops.readUserZone(s.channel, 3, 0, 1)),
      rejection(ops.readUserZone(s.channel, 0, 0x3c, 5)),
      rejection(ops.writeConfig(s.channel, 0x40, parseHex('00'))),
      rejection(ops.verifyPassword(s.channel, W0, parseHex('00 00 00 00'))),
      rejection(ops.readConfig(s.channel, 0, 0)),
    ]);
    errors.forEach((error) => expect(error).to.be.instanceOf(InputError));
    expect(s.channel.sent).to.deep.equal([]);
  });
});
