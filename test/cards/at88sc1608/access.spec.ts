import { expect } from 'chai';
import * as cmd from '../../../src/cards/at88sc1608/commands.ts';
import { attemptsLeft, decodeAccess, fieldAt } from '../../../src/cards/at88sc1608/config-map.ts';
import { configAccess, userZoneRights } from '../../../simulators/cards/at88sc1608/access.ts';
import { bytes, configure, poweredCard, run } from './helpers.ts';

const W = (set: number) => ({ set, kind: 'write' as const });
const R = (set: number) => ({ set, kind: 'read' as const });

describe('AT88SC1608 access rules', () => {
  it('decodes access and password registers (0 = enabled)', () => {
    expect(decodeAccess(0xff, 0xff)).to.deep.equal({
      writePassword: false,
      readPassword: false,
      authentication: false,
      authenticationForWrite: false,
      writeLock: false,
      modifyForbidden: false,
      programOnly: false,
      passwordSet: 7,
    });
    expect(decodeAccess(0x3f, 0xfa)).to.include({ writePassword: true, readPassword: true, passwordSet: 2 });
  });

  it('user zone rights follow AR/PR and the one active password', () => {
    const rights = (ar: number, pr: number, active: cmd.PasswordRef | null) => {
      const r = userZoneRights(ar, pr, active);
      return `${r.read ? 'R' : '-'}${r.write ? 'W' : '-'}`;
    };
    expect(rights(0xff, 0xff, null)).to.equal('RW');
    expect(rights(0x7f, 0xf9, null)).to.equal('R-');
    expect(rights(0x7f, 0xf9, R(1))).to.equal('R-');
    expect(rights(0x7f, 0xf9, W(1))).to.equal('RW');
    expect(rights(0x7f, 0xf9, W(2))).to.equal('R-');
    expect(rights(0x3f, 0xf9, null)).to.equal('--');
    expect(rights(0x3f, 0xf9, R(1))).to.equal('R-');
    expect(rights(0x3f, 0xf9, W(1))).to.equal('RW');
    expect(rights(0xdf, 0xff, W(7))).to.equal('--');
    expect(rights(0xef, 0xff, W(7))).to.equal('R-');
    expect(rights(0xfd, 0xff, W(7))).to.equal('R-');
    expect(userZoneRights(0xfe, 0xff, null).programOnly).to.equal(true);
    expect(userZoneRights(0xfb, 0xff, null).writeLock).to.equal(true);
  });

  it('configuration access: personalisation with the secure code, fuses lock their fields', () => {
    const access = (a: number, fuses: number, active: cmd.PasswordRef | null) => {
      const r = configAccess(a, fuses, active);
      return `${r.read ? 'R' : '-'}${r.write ? 'W' : '-'}`;
    };
    expect(access(0x00, 0xff, null)).to.equal('R-');
    expect(access(0x00, 0xff, W(7))).to.equal('RW');
    expect(access(0x04, 0xfe, W(7))).to.equal('R-'); // FAB blown: fab code locked
    expect(access(0x06, 0xfe, W(7))).to.equal('RW');
    expect(access(0x06, 0xfc, W(7))).to.equal('R-'); // CMA blown
    expect(access(0x08, 0xfc, W(7))).to.equal('RW'); // issuer code until PER
    expect(access(0x08, 0xf8, W(7))).to.equal('R-');
    expect(access(0x30, 0xff, null)).to.equal('--'); // Gc
    expect(access(0x30, 0xff, W(7))).to.equal('RW');
    expect(access(0x30, 0xf8, W(7))).to.equal('--');
    expect(access(0x3a, 0xf8, null)).to.equal('RW'); // memory test zone
    expect(access(0x48, 0xf8, null)).to.equal('R-'); // PAC Write 1
    expect(access(0x49, 0xf8, null)).to.equal('--'); // Write 1
    expect(access(0x49, 0xf8, W(1))).to.equal('RW');
    expect(access(0x49, 0xf8, W(7))).to.equal('--'); // secure code means nothing after PER
    expect(access(0x79, 0xf8, W(7))).to.equal('RW'); // but Write 7 still owns set 7
    expect(access(0x4d, 0xff, R(1))).to.equal('--'); // a read password changes nothing
  });

  it('every configuration address belongs to one field; PACs count their 1 bits', () => {
    expect(fieldAt(0x00)).to.equal('answerToReset');
    expect(fieldAt(0x1f)).to.equal('accessRegisters');
    expect(fieldAt(0x20)).to.equal('aac');
    expect(fieldAt(0x7f)).to.equal('passwordSets');
    expect(() => fieldAt(0x80)).to.throw(RangeError);
    expect([0xff, 0xfe, 0x80, 0x00, 0xaa].map(attemptsLeft)).to.deep.equal([8, 7, 1, 0, 4]);
  });

  it('write lock mode: the lock byte is program-only and locks its own block', async () => {
    const card = await poweredCard();
    await configure(card, [[0x10, [0xfb, 0xff]]]);
    await run(card, cmd.setUserZoneAddress(0));
    await run(card, cmd.writeUserZone(0x08, bytes(0xfe))); // lock byte of block 0x08 locks itself (bit 0)
    await run(card, cmd.writeUserZone(0x08, bytes(0xff)), false);
    await run(card, cmd.writeUserZone(0x09, bytes(0x12, 0x34)));
    expect(card.user.read(0x08, 3)).to.deep.equal(bytes(0xfe, 0x12, 0xff));
    await run(card, cmd.writeUserZone(0x10, bytes(0xf1)));
    await run(card, cmd.writeUserZone(0x10, bytes(0x0f))); // a lock byte is program-only: F1 AND 0F
    expect(card.user.cells[0x10]).to.equal(0x01);
  });
});
