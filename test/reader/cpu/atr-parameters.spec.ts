import { expect } from 'chai';
import { parseHex, toCompactHex } from '../../../src/core/hex.ts';
import { atrInterface, atrProtocol } from '../../../src/reader/host/atr-protocol.ts';
import { parametersFromAtr } from '../../../simulators/reader/ccid/atr-parameters.ts';

const parameters = (atr: string) => {
  const p = parametersFromAtr(parseHex(atr));
  return `${p.protocol}:${toCompactHex(p.data)}`;
};

describe('protocol parameters from an ATR [ISO/IEC 7816-3 §8.2; CCID 1.1 §6.1.7]', () => {
  it('gives a memory card\'s 3B 04 ATR (no interface bytes) the T=0 defaults', () => {
    expect(parameters('3B 04 A2 13 10 91')).to.equal('0:1100000A00');
  });

  it('reads TA1 (Fi/Di), TC1 (guard time) and TC2 (WI) for T=0', () => {
    // 3B 5x: TA1 = 96 and TC1 = 02 (Y1 = 5); no TD1: T=0, WI default 0A.
    expect(parameters('3B 50 96 02')).to.equal('0:9600020A00');
    // 3B 90 11 40 0F: TA1 = 11, TD1 = 40 (T=0, TC2 follows), TC2 = 0F.
    expect(parameters('3B 90 11 40 0F')).to.equal('0:1100000F00');
  });

  it('takes the T=1 bytes from the first group after a TD naming T=1 (TA3 IFSC, TB3 BWI/CWI, TC3 checksum)', () => {
    // A typical T=1 card: 3B 8k 81 31 FE 45 + historical + TCK (TD1 = 81, TD2 = 31, TA3 = FE, TB3 = 45).
    expect(parameters('3B 80 81 31 FE 45 CE')).to.equal('1:1110004500FE00');
    // Inverse convention (TS = 3F) and CRC (TC3 = 01): bmTCCKST1 = 10 | 02 | 01.
    expect(parameters('3F 80 81 71 FE 45 01 CF')).to.equal('1:1113004500FE00');
    // No T=1 bytes at all: IFSC 20h, BWI 4 / CWI 13 (4Dh).
    expect(parameters('3B 80 01 81')).to.equal('1:1110004D002000');
  });

  it('names the first offered protocol (TD1), and leaves an ATR shorter than it announces unread', () => {
    expect(atrProtocol(parseHex('3B 85 80 01 01 A2 13 10 91 35')), 'TD1 = 80: T=0 first, T=1 also offered').to.equal(0);
    expect(atrProtocol(parseHex('3B 80 81 31 FE 45 CE'))).to.equal(1);
    expect(atrInterface(parseHex('3B 80 81 31 FE'))).to.equal(undefined);
    expect(parameters('3B 80 81 31 FE')).to.equal('0:1100000A00');
  });
});
