import type { BossMessage } from '../../../../src/boss/codec/message.ts';
import type { Random } from '../../../../src/core/random.ts';

/** Every TXCODE of the profile: each is the base of some cases. [bank-interface §4] */
export const TXCODES = ['1001', '1002', '1003', '1004', '1005', '1006', '2001', '2002', '3001', '3002', '3003'];

/** A valid request of `txcode` on the demo data, with a BANKSERIAL of its own. [§3, §4] */
export function baseRequest(random: Random, txcode: string, index: number): BossMessage {
  const n = random.int(20001, 20200);
  const custno = `C000${n}`;
  const amount = (): string => String([2250, 3250, 4500, 1000, 1][random.int(0, 4)]);
  const day = (): string => `202611${String(random.int(1, 22)).padStart(2, '0')}`;
  const serial = (prefix: string, digits: number, max: number): string => `${prefix}${String(random.int(1, max)).padStart(digits, '0')}`;
  const fields = ((): Record<string, string> => {
    switch (txcode) {
      case '1001':
        return { CUSTNO: custno };
      case '1002':
        return { CUSTNO: custno, AMOUNT: amount(), PAYTYPE: random.int(1, 2) === 1 ? '1' : '2' };
      case '1003':
        return { CUSTNO: custno, ACCTNO: `62220200000${n}`, ACCTNAME: `ACCT${n}` };
      case '1004':
        return { CUSTNO: custno, ACCTNO: `62220200000${n}` };
      case '1005':
        return { ORIGSERIAL: serial('FZ', 8, index + 1), CUSTNO: custno, AMOUNT: amount() };
      case '1006':
        return { ORIGSERIAL: `FZM${String(index).padStart(8, '0')}`, ORIGDATE: '20261122', CUSTNO: custno, AMOUNT: amount() };
      case '2001':
        return { CHKDATE: day(), COUNT: String(random.int(0, 3)), TOTAL: String(random.int(0, 9000)) };
      case '2002':
        return { CHKDATE: day(), COUNT: '0', TOTAL: '0' };
      case '3001':
        return { PAYSERIAL: serial('B202611230000', 4, 9999) };
      case '3002':
        return { INVOICENO: serial('I202611230000', 4, 999) };
      default:
        return { INVOICENO: serial('I202611230000', 4, 999), REASON: 'FUZZ' };
    }
  })();
  return {
    txcode,
    header: { BANKCODE: 'ICBC01', BANKSERIAL: `FZ${String(index).padStart(8, '0')}`, TXDATE: '20261123', TXTIME: '101500', TELLER: 'FUZZ' },
    fields,
    groups: {},
  };
}
