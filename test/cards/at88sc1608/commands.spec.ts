import { expect } from 'chai';
import { toHex } from '../../../src/core/hex.ts';
import * as cmd from '../../../src/cards/at88sc1608/commands.ts';
import { pacAddress, passwordAddress } from '../../../src/cards/at88sc1608/config-map.ts';

const show = (c: { bytes: Uint8Array; readLength?: number }) => `${toHex(c.bytes)}${c.readLength !== undefined ? ` /${c.readLength}` : ''}`;

describe('AT88SC1608 command codec', () => {
  it('encodes every command as command byte, address, data; reads carry the length to clock out', () => {
    expect(show(cmd.setUserZoneAddress(5))).to.equal('B2 05');
    expect(show(cmd.readUserZone(0x10, 4))).to.equal('B1 10 /4');
    expect(show(cmd.writeUserZone(0xfe, Uint8Array.of(1, 2)))).to.equal('B0 FE 01 02');
    expect(show(cmd.readConfigurationZone(0x40, 64))).to.equal('B5 40 /64');
    expect(show(cmd.writeConfigurationZone(0x08, Uint8Array.of(9)))).to.equal('B4 08 09');
    expect(show(cmd.verifyPassword(cmd.SECURE_CODE, Uint8Array.of(1, 2, 3)))).to.equal('B3 07 01 02 03');
    expect(show(cmd.verifyPassword({ set: 2, kind: 'read' }, Uint8Array.of(1, 2, 3, 4)))).to.equal('B3 0A 01 02 03');
    expect(show(cmd.readFuses())).to.equal('B5 80 /1');
    expect(show(cmd.blowNextFuse())).to.equal('B4 80');
    expect(show(cmd.ackPoll())).to.equal('B5');
    expect(show(cmd.initializeAuthentication(new Uint8Array(8)))).to.equal('B6 00 00 00 00 00 00 00 00');
    expect(show(cmd.verifyAuthentication(new Uint8Array(9).fill(1)))).to.equal('B7 01 01 01 01 01 01 01 01');
  });

  it('password index rppp round-trips; PAC and password addresses follow $40 + 8p (+4 for read)', () => {
    for (let index = 0; index < 16; index++) expect(cmd.passwordIndex(cmd.passwordFromIndex(index))).to.equal(index);
    expect(cmd.passwordFromIndex(0xf7)).to.deep.equal({ set: 7, kind: 'write' });
    expect(cmd.passwordFromIndex(0x1f)).to.deep.equal({ set: 7, kind: 'read' });
    expect(pacAddress(cmd.SECURE_CODE)).to.equal(0x78);
    expect(passwordAddress(cmd.SECURE_CODE)).to.equal(0x79);
    expect(pacAddress({ set: 0, kind: 'read' })).to.equal(0x44);
    expect(cmd.describePassword({ set: 3, kind: 'read' })).to.equal('Read 3');
  });
});
