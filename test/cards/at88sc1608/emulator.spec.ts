import { expect } from 'chai';
import { DecodeError } from '../../../src/core/errors.ts';
import { CardMuteError } from '../../../src/cards/synchronous-card.ts';
import * as cmd from '../../../src/cards/at88sc1608/commands.ts';
import { at88sc1608Definition } from '../../../simulators/cards/at88sc1608/index.ts';
import { SECRET, bytes, configure, hex, poweredCard, run, withSecureCode } from './helpers.ts';

describe('AT88SC1608 emulator: power, ATR and zone selection', () => {
  it('answers 2C AA 55 A0 at power-on and RST; unpowered it is mute', async () => {
    const card = at88sc1608Definition.create({ timing: false });
    expect(hex(await card.powerOn())).to.equal('2C AA 55 A0');
    expect(hex(await card.reset())).to.equal('2C AA 55 A0');
    await card.powerOff();
    let mute = false;
    await card.execute(cmd.readFuses()).catch((e: unknown) => (mute = e instanceof CardMuteError));
    expect(mute).to.equal(true);
  });

  it('refuses user zone commands until Set User Zone Address, and forgets the zone at power-off and RST', async () => {
    const card = await poweredCard();
    await run(card, cmd.readUserZone(0, 1), false);
    await run(card, cmd.writeUserZone(0, bytes(1)), false);
    await run(card, cmd.setUserZoneAddress(0x0b)); // high bits ignored: zone 3
    expect(card.session.zone).to.equal(3);
    await card.reset();
    expect(card.session.zone).to.equal(null);
    await run(card, cmd.readUserZone(0, 1), false);
  });

  it('a known command byte alone is an ACK poll; unknown bytes and malformed commands are NACKed', async () => {
    const card = await poweredCard();
    for (const code of [0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5]) await run(card, { bytes: bytes(code) });
    for (const code of [0xa0, 0xb8, 0xff, 0xb6, 0xb7]) await run(card, { bytes: bytes(code) }, false);
    await run(card, { bytes: new Uint8Array(0) }, false);
    await run(card, { bytes: bytes(0xb2, 1, 2) }, false);
    await run(card, { bytes: bytes(0xb3, 7, 1, 2) }, false);
    await run(card, { bytes: bytes(0xb5, 0, 0) }, false);
  });
});

describe('AT88SC1608 emulator: user zones', () => {
  it('writes into the selected zone only and reads back with roll-over inside the zone', async () => {
    const card = await poweredCard();
    await run(card, cmd.setUserZoneAddress(6));
    await run(card, cmd.writeUserZone(0xfe, bytes(0x01, 0x02)));
    await run(card, cmd.writeUserZone(0x00, bytes(0x03)));
    expect(hex(card.user.read(6 * 256 + 0xfe, 2))).to.equal('01 02');
    expect(hex((await run(card, cmd.readUserZone(0xfe, 3))).data)).to.equal('01 02 03');
    expect(card.user.cells[7 * 256]).to.equal(0xff);
  });

  it('rolls a page write over inside its 16-byte page; the last bytes loaded win', async () => {
    const card = await poweredCard();
    await run(card, cmd.setUserZoneAddress(0));
    await run(card, cmd.writeUserZone(0x1e, Uint8Array.from({ length: 18 }, (_, i) => i)));
    expect(hex(card.user.read(0x10, 16))).to.equal('02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10 11');
    expect(card.user.cells[0x20]).to.equal(0xff);
  });

  it('reads 1 byte when readLength is omitted, and 0 bytes when asked for 0', async () => {
    const card = await poweredCard();
    await run(card, cmd.setUserZoneAddress(0));
    expect((await run(card, { bytes: bytes(0xb1, 0) })).data.length).to.equal(1);
    expect((await run(card, cmd.readUserZone(0, 0))).data.length).to.equal(0);
  });

  it('rejects a readLength that is not a whole number >= 0 with a DecodeError, changing nothing', async () => {
    const card = await poweredCard();
    await run(card, cmd.setUserZoneAddress(0));
    for (const readLength of [-1, 2.5, Number.NaN]) {
      for (const code of [0xb1, 0xb5]) {
        const error = await card.execute({ bytes: bytes(code, 0), readLength }).then(() => undefined, (e: unknown) => e);
        expect(error, `${code.toString(16)} read ${readLength}`).to.be.instanceOf(DecodeError);
      }
    }
    expect(card.session.zone).to.equal(0);
  });
});

describe('AT88SC1608 emulator: passwords and attempts counters', () => {
  it('a wrong code clears the lowest 1 of the PAC; the right one sets FF and becomes the active password', async () => {
    const card = await poweredCard();
    const pacs: number[] = [];
    for (let i = 0; i < 3; i++) {
      await run(card, cmd.verifyPassword(cmd.SECURE_CODE, bytes(9, 9, 9)));
      pacs.push(card.config.cells[0x78] ?? -1);
    }
    expect(pacs).to.deep.equal([0xfe, 0xfc, 0xf8]);
    expect(card.session.active).to.equal(null);
    await run(card, cmd.verifyPassword(cmd.SECURE_CODE, SECRET));
    expect(card.config.cells[0x78]).to.equal(0xff);
    expect(card.session.active).to.deep.equal(cmd.SECURE_CODE);
  });

  it('a wrong presentation of another password drops the active one', async () => {
    const card = await poweredCard();
    await withSecureCode(card);
    await run(card, cmd.verifyPassword({ set: 2, kind: 'read' }, bytes(1, 2, 3)));
    expect(card.session.active).to.equal(null);
    expect(card.config.cells[0x54]).to.equal(0xfe);
  });

  it('after eight wrong codes the PAC is 00 and even the right code changes nothing', async () => {
    const card = await poweredCard();
    for (let i = 0; i < 8; i++) await run(card, cmd.verifyPassword(cmd.SECURE_CODE, bytes(0, 0, 0)));
    expect(card.config.cells[0x78]).to.equal(0x00);
    const response = await run(card, cmd.verifyPassword(cmd.SECURE_CODE, SECRET));
    expect(response.busyMicros).to.equal(0);
    expect(card.config.cells[0x78]).to.equal(0x00);
    expect(card.session.active).to.equal(null);
  });

  it('the index high nibble is ignored: 0x1F is Read 7', async () => {
    const card = await poweredCard();
    await run(card, { bytes: bytes(0xb3, 0x1f, 0xff, 0xff, 0xff) });
    expect(card.session.active).to.deep.equal({ set: 7, kind: 'read' });
  });
});

describe('AT88SC1608 emulator: configuration zone', () => {
  it('hides passwords and Gc without rights, shows them with the secure code', async () => {
    const card = await poweredCard();
    expect(hex((await run(card, cmd.readConfigurationZone(0x78, 4))).data)).to.equal('FF 00 00 00');
    expect(hex((await run(card, cmd.readConfigurationZone(0x2e, 4))).data)).to.equal('FF FF 00 00');
    await withSecureCode(card);
    expect(hex((await run(card, cmd.readConfigurationZone(0x78, 4))).data)).to.equal('FF 16 08 00');
    expect(hex((await run(card, cmd.readConfigurationZone(0x7e, 4))).data)).to.equal('FF FF 2C AA');
  });

  it('refuses a whole config page write when one byte is protected', async () => {
    const card = await poweredCard();
    await run(card, cmd.writeConfigurationZone(0x36, bytes(1, 2, 3, 4)), false);
    expect(hex(card.config.read(0x36, 4))).to.equal('FF FF FF FF');
    await run(card, cmd.writeConfigurationZone(0x38, bytes(1, 2, 3, 4)));
    expect(hex(card.config.read(0x38, 4))).to.equal('01 02 03 04');
  });

  it('lets the write password of a set change that set only', async () => {
    const card = await poweredCard();
    await configure(card, [[0x41, [1, 2, 3]]]);
    await run(card, cmd.verifyPassword({ set: 0, kind: 'write' }, bytes(1, 2, 3)));
    await run(card, cmd.writeConfigurationZone(0x44, bytes(0xff, 7, 7, 7)));
    await run(card, cmd.writeConfigurationZone(0x4c, bytes(0xff, 7, 7, 7)), false);
    expect(hex(card.config.read(0x44, 4))).to.equal('FF 07 07 07');
  });

  it('blows fuses FAB, CMA, PER in order with the secure code; afterwards the config is locked', async () => {
    const card = await poweredCard();
    await run(card, cmd.blowNextFuse(), false);
    await withSecureCode(card);
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      await run(card, cmd.blowNextFuse());
      seen.push((await run(card, cmd.readFuses())).data[0] ?? -1);
    }
    expect(seen).to.deep.equal([0xfe, 0xfc, 0xf8]);
    await run(card, cmd.blowNextFuse(), false);
    await run(card, { bytes: bytes(0xb4, 0x80, 0xff) }, false);
    await run(card, cmd.writeConfigurationZone(0x10, bytes(0)), false);
    await run(card, cmd.writeConfigurationZone(0x38, bytes(0))); // memory test zone stays free
    expect(hex((await run(card, cmd.readConfigurationZone(0x30, 2))).data)).to.equal('00 00');
  });
});
