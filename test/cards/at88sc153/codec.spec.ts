import { expect } from 'chai';
import * as cmd from '../../../src/cards/at88sc153/commands.ts';
import { toHex } from '../../../src/core/hex.ts';

describe('AT88SC153 command codec', () => {
  it('encodes zone commands as command byte, address, data', () => {
    expect(toHex(cmd.writeUserZone(2, 0x10, Uint8Array.of(1, 2)).bytes)).to.equal('B8 10 01 02');
    expect(cmd.readUserZone(1, 0x3f, 4)).to.deep.include({ readLength: 4 });
    expect(toHex(cmd.readUserZone(1, 0x3f, 4).bytes)).to.equal('B5 3F');
    expect(toHex(cmd.writeConfigZone(0x18, Uint8Array.of(0x7f)).bytes)).to.equal('BC 18 7F');
    expect(toHex(cmd.readConfigZone(0x38, 1).bytes)).to.equal('BD 38');
  });

  it('encodes Verify Password as B3 | rp << 2 with the secure code at rp = 01', () => {
    expect(toHex(cmd.verifyPassword(cmd.SECURE_CODE, Uint8Array.of(1, 2, 3)).bytes)).to.equal('B7 01 02 03');
    expect(cmd.verifyPassword({ set: 0, kind: 'write' }, new Uint8Array(3)).bytes[0]).to.equal(0xb3);
    expect(cmd.verifyPassword({ set: 0, kind: 'read' }, new Uint8Array(3)).bytes[0]).to.equal(0xbb);
    expect(cmd.verifyPassword({ set: 1, kind: 'read' }, new Uint8Array(3)).bytes[0]).to.equal(0xbf);
  });

  it('encodes fuses, authentication and places the PACs at $30/$34/$38/$3C', () => {
    expect(toHex(cmd.writeFuses('CMA').bytes)).to.equal('BA 02');
    expect(toHex(cmd.readFuses().bytes)).to.equal('BE');
    expect(cmd.initializeAuthentication(new Uint8Array(8)).bytes[0]).to.equal(0xb2);
    expect(cmd.verifyAuthentication(new Uint8Array(8)).bytes[0]).to.equal(0xb6);
    expect([0, 1, 2, 3].map((rp) => cmd.pacAddress(cmd.passwordRef(rp)))).to.deep.equal([0x30, 0x38, 0x34, 0x3c]);
  });

  it('decodes every operation nibble', () => {
    const kinds = Array.from({ length: 16 }, (_, low) => {
      const op = cmd.decodeOperation(0xb0 | low);
      return op.kind === 'verify-password' ? `vp${cmd.passwordIndex(op.password)}` : 'zone' in op ? `${op.kind}${op.zone}` : op.kind;
    });
    expect(kinds).to.deep.equal([
      'write-user0', 'read-user0', 'init-auth', 'vp0', 'write-user1', 'read-user1', 'verify-auth', 'vp1',
      'write-user2', 'read-user2', 'write-fuses', 'vp2', 'write-config', 'read-config', 'read-fuses', 'vp3',
    ]);
  });
});
