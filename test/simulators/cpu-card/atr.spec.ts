import { expect } from 'chai';
import { buildAtr, checkCharacter, DEFAULT_HISTORICAL_BYTES } from '../../../simulators/cards/cpu/index.ts';
import { parseHex, toHex } from '../../../src/core/hex.ts';
import { poweredCard } from './fixture.ts';

describe('CPU card ATR [ISO/IEC 7816-3 §8]', () => {
  it('T=0: 3B 6k 00 00 and the historical bytes, no TCK since only T=0 is offered', () => {
    const atr = buildAtr('T=0', parseHex('80 31'));
    expect(toHex(atr)).to.equal('3B 62 00 00 80 31');
  });

  it('T=1: TD1 = 81, TD2 = 31 with IFSC FE and BWI/CWI 45, and a TCK that makes T0 … TCK XOR to 0', () => {
    const atr = buildAtr('T=1', parseHex('80 31'));
    expect(toHex(atr.slice(0, 6))).to.equal('3B 82 81 31 FE 45');
    expect(toHex(atr.slice(6, 8))).to.equal('80 31');
    expect(atr.length).to.equal(9);
    expect(checkCharacter(atr.slice(1))).to.equal(0);
    // 82^81 = 03, ^31 = 32, ^FE = CC, ^45 = 89, ^80 = 09, ^31 = 38: worked by hand.
    expect(atr[8]).to.equal(0x38);
  });

  it('the card answers its personality at power on, with the default historical bytes "STBPAYCPU"', async () => {
    const t0 = await (await poweredCard('T=0')).powerOn();
    expect(t0[1]).to.equal(0x60 | DEFAULT_HISTORICAL_BYTES.length);
    expect(Buffer.from(t0.slice(4)).toString('ascii')).to.equal('STBPAYCPU');
    const t1 = await (await poweredCard('T=1')).powerOn();
    expect(t1[2]).to.equal(0x81);
    expect(checkCharacter(t1.slice(1))).to.equal(0);
  });

  it('refuses more than 15 historical bytes (T0 has four bits for K)', () => {
    expect(() => buildAtr('T=0', new Uint8Array(16))).to.throw(RangeError);
  });
});
