import { expect } from 'chai';
import { ACCESS_BIT, decodeAccessRegister } from '../../../src/cards/at88-i2c/access-register.ts';
import { PAC_ATTEMPTS, attemptsLeft, spendAttempt } from '../../../src/cards/at88-i2c/attempts-counter.ts';
import { pageChunks, pageSlot } from '../../../src/cards/at88-i2c/page.ts';
import { isLockByte, isWriteLocked, lockByteAddress } from '../../../src/cards/at88-i2c/write-lock.ts';
import { AR } from '../../../src/cards/at88sc153/commands.ts';
import { decodeAccess } from '../../../src/cards/at88sc1608/config-map.ts';

describe('AT88SC153/1608 shared rules: attempts counter, pages, write lock, access register', () => {
  it('spends attempts lowest bit first, FF FE FC … 80 00, and counts the 1 bits left', () => {
    const seen = [0xff];
    for (let i = 0; i < PAC_ATTEMPTS; i++) seen.push(spendAttempt(seen[seen.length - 1]!));
    expect(seen).to.deep.equal([0xff, 0xfe, 0xfc, 0xf8, 0xf0, 0xe0, 0xc0, 0x80, 0x00]);
    expect(seen.map(attemptsLeft)).to.deep.equal([8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(spendAttempt(0x00)).to.equal(0x00);
    expect([0xaa, 0x1ff].map(attemptsLeft)).to.deep.equal([4, 8]);
  });

  it('rolls a page write over inside its page, for 8- and 16-byte pages', () => {
    expect(Array.from({ length: 10 }, (_, i) => pageSlot(0x0d, i, 8))).to.deep.equal([13, 14, 15, 8, 9, 10, 11, 12, 13, 14]);
    expect(Array.from({ length: 4 }, (_, i) => pageSlot(0x1e, i, 16))).to.deep.equal([0x1e, 0x1f, 0x10, 0x11]);
  });

  it('splits a host write on page boundaries', () => {
    expect(pageChunks(5, 20, 8)).to.deep.equal([
      { at: 5, offset: 0, length: 3 },
      { at: 8, offset: 3, length: 8 },
      { at: 16, offset: 11, length: 8 },
      { at: 24, offset: 19, length: 1 },
    ]);
    expect(pageChunks(0x0c, 40, 16).map((c) => c.at)).to.deep.equal([0x0c, 0x10, 0x20, 0x30]);
    expect(pageChunks(3, 0, 8)).to.deep.equal([]);
  });

  it('write lock: bit n of the first byte of an 8-byte block locks byte n of the block', () => {
    const zone = new Uint8Array(16).fill(0xff);
    zone[8] = 0b1111_0101; // bytes 9 and 11 of the second block locked
    expect(Array.from({ length: 16 }, (_, a) => (isWriteLocked(zone, a) ? 1 : 0))).to.deep.equal([
      0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0,
    ]);
    expect([lockByteAddress(13), isLockByte(8), isLockByte(9)]).to.deep.equal([8, true, false]);
  });

  it('decodes the access register bits both parts share (0 = enabled); the 153 adds PWS, the 1608 a PR', () => {
    expect(Object.values(decodeAccessRegister(0xff))).to.deep.equal(new Array(7).fill(false)); // FF: a free zone
    expect(Object.values(decodeAccessRegister(0x08))).to.deep.equal(new Array(7).fill(true)); // bit 3 is not shared
    expect(decodeAccessRegister(0xff & ~ACCESS_BIT.WPE & ~ACCESS_BIT.PGO)).to.include({ writePassword: true, programOnly: true, readPassword: false });
    expect(Object.keys(AR)).to.deep.equal(['WPE', 'RPE', 'ATE', 'AOW', 'WLM', 'MDF', 'PGO', 'PWS']);
    expect(decodeAccess(0x7f, 0xf9)).to.deep.equal({ ...decodeAccessRegister(0x7f), passwordSet: 1 });
  });
});
