import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { InputError } from '../../../src/core/errors.ts';
import { parseHex, toHex } from '../../../src/core/hex.ts';
import { At88FuseError } from '../../../src/cards/at88-i2c/errors.ts';
import { ApduError } from '../../../src/reader/apdu.ts';
import { ReaderCodeLockedError, LastAttemptRefusedError, WrongCodeError } from '../../../src/reader/memory/code-guard.ts';
import * as ops from '../../../src/reader/memory/at88sc1608.ts';
import { at88sc1608Definition, type At88sc1608Card } from '../../../simulators/cards/at88sc1608/index.ts';
import { contentsToImage, factoryContents } from '../../../simulators/cards/at88sc1608/contents.ts';
import { at88sc1608Firmware } from '../../../simulators/reader/firmware/at88sc1608.ts';
import { FirmwareChannel } from '../fixtures/firmware-channel.ts';
import { rejection } from '../fixtures/rejection.ts';

// Host operations over an ApduChannel straight onto the reader firmware (no CCID). Expected card
// contents come from the emulator's image; PAC addresses $40 + 8p (+4 for Read p) and the secure
// code Write 7 = 16 08 00 are the emulator's (docs/cards/at88sc1608.md).

const SECURE_CODE = parseHex('16 08 00');
const W1 = { set: 1, kind: 'write' } as const;
const PAC_W1 = 0x48;
const PAC_W7 = 0x78;
const VERIFY = 0x20;

const pattern = (i: number): number => (i * 11 + 5) & 0xff;

interface Setup {
  readonly card: At88sc1608Card;
  readonly channel: FirmwareChannel;
  userZones(): Uint8Array;
  configuration(): Uint8Array;
}

async function setup(config: [number, number][] = []): Promise<Setup> {
  const contents = factoryContents();
  contents.userZones.forEach((_, i) => (contents.userZones[i] = pattern(i)));
  for (const [address, value] of config) contents.configuration[address] = value;
  const clock = new VirtualClock();
  const card = at88sc1608Definition.fromImage(contentsToImage(contents), { clock });
  await card.powerOn();
  const channel = new FirmwareChannel(at88sc1608Firmware.start(card, clock));
  const area = (name: string): Uint8Array => parseHex(card.toImage().areas[name] ?? '');
  return { card, channel, userZones: () => area('userZones'), configuration: () => area('configuration') };
}

describe('AT88SC1608 operations through a reader (ACS pseudo-APDUs)', () => {
  it('selects the card type with FF A4 00 00 01 04', async () => {
    const s = await setup();
    await ops.selectAt88sc1608(s.channel);
    expect(s.channel.sent.map(toHex)).to.deep.equal(['FF A4 00 00 01 04']);
  });

  it('reads a user zone equal to the card, across 16-byte pages, in one APDU or in chunks', async () => {
    const s = await setup();
    const expected = toHex(s.userZones().subarray(3 * 256 + 0x0c, 3 * 256 + 0x0c + 200));
    expect(toHex(await ops.readUserZone(s.channel, 3, 0x0c, 200))).to.equal(expected);
    s.channel.sent.length = 0;
    expect(toHex(await ops.readUserZone(s.channel, 3, 0x0c, 200, { maxReadLength: 48 }))).to.equal(expected);
    expect(s.channel.sent.map((c) => toHex(c.subarray(0, 5)))).to.deep.equal([
      'FF B0 03 0C 30',
      'FF B0 03 3C 30',
      'FF B0 03 6C 30',
      'FF B0 03 9C 30',
      'FF B0 03 CC 08',
    ]);
  });

  it('writes a user zone through a "set user zone" handle, and the card holds the data', async () => {
    const s = await setup();
    const zone = ops.selectUserZone(s.channel, 5);
    expect(s.channel.sent).to.deep.equal([]);
    const data = Uint8Array.from({ length: 70 }, (_, i) => 0x80 ^ i);
    await zone.write(0x2a, data, { maxWriteLength: 32 });
    expect(toHex(s.userZones().subarray(5 * 256 + 0x2a, 5 * 256 + 0x2a + 70))).to.equal(toHex(data));
    expect(toHex(await zone.read(0x2a, 70))).to.equal(toHex(data));
    expect(s.channel.sentWithIns(0xd0).map((c) => toHex(c.subarray(0, 5)))).to.deep.equal(['FF D0 05 2A 20', 'FF D0 05 4A 20', 'FF D0 05 6A 06']);
  });

  it('throws ApduError with the 65 81 answer when the card does not take a write', async () => {
    const s = await setup([[0x10, 0x7f]]); // AR0: WPE = 0, Write 7 needed
    const error = await rejection(ops.writeUserZone(s.channel, 0, 0, parseHex('01 02')));
    expect(error).to.be.instanceOf(ApduError);
    expect(toHex((error as ApduError).bytes)).to.equal('65 81');
  });

  it('reads and writes the configuration zone, the latter after the secure code', async () => {
    const s = await setup();
    expect(toHex(await ops.readConfig(s.channel, 0, 4))).to.equal('2C AA 55 A0');
    expect(await rejection(ops.writeConfig(s.channel, 0x08, parseHex('49 53 53')))).to.be.instanceOf(ApduError);
    expect(await ops.presentSecureCode(s.channel, SECURE_CODE)).to.equal(8);
    await ops.writeConfig(s.channel, 0x08, parseHex('49 53 53'));
    expect(toHex(s.configuration().subarray(0x08, 0x0b))).to.equal('49 53 53');
  });

  describe('presenting a password (guardPresentation: the counter is read first)', () => {
    it('counts down on wrong passwords, reading the attempts counter before each presentation', async () => {
      const s = await setup();
      for (const left of [7, 6, 5]) {
        const error = await rejection(ops.verifyPassword(s.channel, W1, parseHex('00 00 00')));
        expect(error).to.be.instanceOf(WrongCodeError).with.property('attemptsLeft', left);
      }
      expect(s.configuration()[PAC_W1]).to.equal(0xf8);
      // each presentation is preceded by a read of the PAC at $48
      expect(s.channel.sent.map((c) => toHex(c.subarray(0, 4)))).to.deep.equal(Array(3).fill(['FF B1 00 48', 'FF 20 00 00']).flat());
    });

    it('refuses the last attempt without insist, sending no FF 20 at all', async () => {
      const s = await setup([[PAC_W7, 0x80]]);
      const error = await rejection(ops.presentSecureCode(s.channel, SECURE_CODE));
      expect(error).to.be.instanceOf(LastAttemptRefusedError).with.property('attemptsLeft', 1);
      expect(s.channel.sentWithIns(VERIFY)).to.deep.equal([]);
      expect(s.configuration()[PAC_W7]).to.equal(0x80);
    });

    it('presents the last attempt when the caller insists: right restores 8 attempts, wrong locks', async () => {
      const right = await setup([[PAC_W7, 0x80]]);
      expect(await ops.presentSecureCode(right.channel, SECURE_CODE, { insist: true })).to.equal(8);
      expect(right.configuration()[PAC_W7]).to.equal(0xff);
      const wrong = await setup([[PAC_W1, 0x80]]);
      const error = await rejection(ops.verifyPassword(wrong.channel, W1, parseHex('01 02 03'), { insist: true }));
      expect(error).to.be.instanceOf(WrongCodeError).with.property('attemptsLeft', 0);
      expect(wrong.configuration()[PAC_W1]).to.equal(0x00);
    });

    it('never presents a locked password, even with insist', async () => {
      const s = await setup([[PAC_W1, 0x00]]);
      const error = await rejection(ops.verifyPassword(s.channel, W1, parseHex('01 02 03'), { insist: true }));
      expect(error).to.be.instanceOf(ReaderCodeLockedError);
      expect(s.channel.sentWithIns(VERIFY)).to.deep.equal([]);
    });

    it('reads the attempts left of a read password at $40 + 8p + 4', async () => {
      const s = await setup([[0x5c, 0xf0]]); // PAC of Read 3
      expect(await ops.passwordAttemptsLeft(s.channel, { set: 3, kind: 'read' })).to.equal(4);
    });
  });

  describe('fuses', () => {
    it('reads the fuse byte and blows FAB after the secure code', async () => {
      const s = await setup();
      expect(await ops.readFuses(s.channel)).to.deep.equal({ fuseByte: 0xff, blown: { FAB: false, CMA: false, PER: false } });
      const refused = await rejection(ops.blowFuse(s.channel, 'FAB'));
      expect(refused).to.be.instanceOf(ApduError);
      await ops.presentSecureCode(s.channel, SECURE_CODE);
      await ops.blowFuse(s.channel, 'FAB');
      expect((await ops.readFuses(s.channel)).blown).to.deep.equal({ FAB: true, CMA: false, PER: false });
      expect(parseHex(s.card.toImage().areas.fuses ?? '')[0]).to.equal(0xfe);
    });

    it('refuses a fuse out of order or already blown without sending the write', async () => {
      const s = await setup();
      expect(await rejection(ops.blowFuse(s.channel, 'CMA'))).to.be.instanceOf(At88FuseError);
      expect(s.channel.sentWithIns(0xd1)).to.deep.equal([]);
    });
  });

  it('refuses arguments outside the card with InputError before sending anything', async () => {
    const s = await setup();
    await Promise.all([
      rejection(ops.readUserZone(s.channel, 8, 0, 1)),
      rejection(ops.readUserZone(s.channel, 0, 0xf0, 0x11)),
      rejection(ops.writeConfig(s.channel, 0x7f, parseHex('00 00'))),
      rejection(ops.verifyPassword(s.channel, W1, parseHex('00 00'))),
      rejection(ops.readConfig(s.channel, 0, 1, { maxReadLength: 256 })),
    ]).then((errors) => errors.forEach((error) => expect(error).to.be.instanceOf(InputError)));
    expect(() => ops.selectUserZone(s.channel, -1)).to.throw(InputError);
    expect(s.channel.sent).to.deep.equal([]);
  });
});
