import { expect } from 'chai';
import { DecodeError } from '../../../src/core/errors.ts';
import * as cmd from '../../../src/cards/at88sc153/commands.ts';
import { AR, CONFIG, SECURE_CODE } from '../../../src/cards/at88sc153/commands.ts';
import { at88sc153Definition } from '../../../simulators/cards/at88sc153/index.ts';
import { SECRET, bytes, cfg, expectMute, fill, poweredCard, secureCode, user } from './helpers.ts';

describe('AT88SC153 emulator', () => {
  describe('power and answer to reset', () => {
    it('answers 2C AA 55 A1 at power-on and RST, and is mute when unpowered', async () => {
      const card = at88sc153Definition.create();
      await expectMute(() => card.execute(cmd.readFuses()));
      expect([...(await card.powerOn())]).to.deep.equal([0x2c, 0xaa, 0x55, 0xa1]);
      expect([...(await card.reset())]).to.deep.equal([0x2c, 0xaa, 0x55, 0xa1]);
      await card.powerOff();
      await expectMute(() => card.reset());
    });

    it('clocks out the ATR register, so a rewritten ATR (secure code, FAB intact) shows at the next reset', async () => {
      const card = await poweredCard();
      await secureCode(card);
      await card.execute(cmd.writeConfigZone(0, bytes(0x3b, 0x02, 0x14, 0x50)));
      expect([...(await card.reset())]).to.deep.equal([0x3b, 0x02, 0x14, 0x50]);
    });

    it('uses the given secure code and defaults to DD 42 97', async () => {
      expect([...at88sc153Definition.defaultSecret]).to.deep.equal([0xdd, 0x42, 0x97]);
      const card = await poweredCard();
      await secureCode(card);
      expect(await cfg(card, 0x38, 4)).to.deep.equal([0xff, 0x11, 0x22, 0x33]);
      expect(() => at88sc153Definition.create({ secret: bytes(1, 2) })).to.throw(/needs 3 bytes/);
    });
  });

  describe('command decoding', () => {
    it('NACKs Initialize/Verify Authentication (cipher not implemented) without touching anything', async () => {
      const card = await poweredCard();
      for (const command of [cmd.initializeAuthentication(fill(8, 1)), cmd.verifyAuthentication(fill(8, 2))]) {
        const response = await card.execute(command);
        expect(response).to.deep.equal({ data: new Uint8Array(0), acknowledged: false, busyMicros: 0 });
      }
    });

    it('NACKs a command byte outside the chip-select nibbles ($B and the DCR nibble, F on a blank card)', async () => {
      const card = await poweredCard();
      expect((await card.execute({ bytes: bytes(0xa1, 0), readLength: 1 })).acknowledged).to.equal(false);
      expect((await card.execute({ bytes: bytes(0xf1, 0), readLength: 2 })).data).to.deep.equal(fill(2, 0xff));
      expect((await card.execute({ bytes: new Uint8Array(0) })).acknowledged).to.equal(false);
    });

    it('acknowledges incomplete commands and does nothing with them', async () => {
      const card = await poweredCard();
      expect(await card.execute({ bytes: bytes(0xb1) })).to.deep.equal({ data: new Uint8Array(0), acknowledged: true, busyMicros: 0 });
      expect((await card.execute({ bytes: bytes(0xb0, 0x00) })).busyMicros).to.equal(0);
      await card.execute({ bytes: bytes(0xb7, 0x11, 0x22) });
      expect(await cfg(card, 0x38, 1)).to.deep.equal([0xff]);
    });

    it('reads one byte by default and wraps at the end of a zone', async () => {
      const card = await poweredCard();
      await card.execute(cmd.writeUserZone(0, 0x3e, bytes(1, 2)));
      await card.execute(cmd.writeUserZone(0, 0x00, bytes(3)));
      expect([...(await card.execute({ bytes: bytes(0xb1, 0x3f) })).data]).to.deep.equal([2]);
      expect(await user(card, 0, 0x3e, 3)).to.deep.equal([1, 2, 3]);
      expect(await user(card, 0, 0, 0)).to.deep.equal([]);
    });

    it('rejects a readLength that is not a whole number >= 0 with a DecodeError', async () => {
      const card = await poweredCard();
      for (const readLength of [-1, 2.5, Number.NaN]) {
        for (const command of [cmd.readUserZone(0, 0, 1), cmd.readConfigZone(0, 1), cmd.readFuses()]) {
          const error = await card.execute({ ...command, readLength }).then(() => undefined, (e: unknown) => e);
          expect(error, `${command.bytes[0]!.toString(16)} read ${readLength}`).to.be.instanceOf(DecodeError);
        }
      }
    });
  });

  describe('page writes', () => {
    it('rolls over inside the page, last byte wins', async () => {
      const card = await poweredCard();
      await card.execute(cmd.writeUserZone(1, 0x0d, bytes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)));
      expect(await user(card, 1, 8, 16)).to.deep.equal([4, 5, 6, 7, 8, 9, 10, 3, ...fill(8, 0xff)]);
    });

    it('programs only 1 -> 0 in a program-only zone (PGO = 0)', async () => {
      const card = await poweredCard();
      await card.execute(cmd.writeUserZone(2, 0, bytes(0xf0)));
      await secureCode(card);
      await card.execute(cmd.writeConfigZone(CONFIG.accessRegister0 + 2, bytes(0xff & ~AR.PGO)));
      await card.execute(cmd.writeUserZone(2, 0, bytes(0x3c)));
      expect(await user(card, 2, 0, 1)).to.deep.equal([0x30]);
    });

    it('write lock: the lock byte itself only loses bits, so a lock never comes back', async () => {
      const card = await poweredCard();
      await secureCode(card);
      await card.execute(cmd.writeConfigZone(CONFIG.accessRegister0, bytes(0xff & ~AR.WLM)));
      await card.execute(cmd.writeUserZone(0, 0x08, bytes(0xfb)));
      await card.execute(cmd.writeUserZone(0, 0x08, bytes(0xff)));
      await card.execute(cmd.writeUserZone(0, 0x0a, bytes(0x12)));
      expect(await user(card, 0, 8, 3)).to.deep.equal([0xfb, 0xff, 0xff]);
    });
  });

  describe('passwords', () => {
    it('keeps the first pass pending across $BD polling, and reports the session in the dump', async () => {
      const card = await poweredCard();
      await card.execute(cmd.verifyPassword(SECURE_CODE, SECRET));
      expect(card.dump()).to.contain('first pass of Write 1 (secure code) pending');
      expect(await cfg(card, 0x38, 1)).to.deep.equal([0xfe]);
      await card.execute(cmd.verifyPassword(SECURE_CODE, SECRET));
      expect(card.dump()).to.contain('session: Write 1 (secure code) verified');
      expect(await cfg(card, 0x38, 1)).to.deep.equal([0xff]);
    });

    it('a wrong second pass ends the verified password', async () => {
      const card = await poweredCard();
      await secureCode(card);
      await secureCode(card, bytes(0, 0, 0));
      expect(card.dump()).to.contain('session: no password verified');
      expect(await cfg(card, 0x38, 1)).to.deep.equal([0xfe]);
    });

    it('allows the 8th attempt: the first pass that writes the last bit is still compared', async () => {
      const card = await poweredCard();
      for (let i = 0; i < 7; i++) await secureCode(card, bytes(0, 0, 0));
      expect(await cfg(card, 0x38, 1)).to.deep.equal([0x80]);
      await secureCode(card);
      expect(await cfg(card, 0x38, 1)).to.deep.equal([0xff]);
    });
  });

  describe('fuses and configuration rights', () => {
    it('reads the fuse byte on every clocked-out byte and blows fuses only in order', async () => {
      const card = await poweredCard();
      expect([...(await card.execute({ bytes: bytes(0xbe), readLength: 2 })).data]).to.deep.equal([7, 7]);
      await secureCode(card);
      await card.execute({ bytes: bytes(0xba, 0x03) });
      expect([...(await card.execute(cmd.readFuses())).data]).to.deep.equal([7]);
      await card.execute(cmd.writeFuses('FAB'));
      expect([...(await card.execute(cmd.readFuses())).data]).to.deep.equal([6]);
      expect(card.toImage().areas.fuses).to.equal('FE');
    });

    it('hides Gc and passwords (fuse status while CMA/PER intact) and shows PACs', async () => {
      const card = await poweredCard();
      expect(await cfg(card, 0x26, 4)).to.deep.equal([0xff, 0xff, 7, 7]);
      expect(await cfg(card, 0x3c, 4)).to.deep.equal([0xff, 7, 7, 7]);
    });
  });
});
