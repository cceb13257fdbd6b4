import { expect } from 'chai';
import { main } from '../../bin/cli.ts';
import { captureIo } from '../../bin/io.ts';
import { purchaseRecord, readPurchaseRecord } from '../../bin/commands/demo-record.ts';
import { DecodeError } from '../../src/core/errors.ts';

describe('stbpay demo', () => {
  it('tells the prepaid-card story and passes the card suite on all six emulators', async () => {
    const io = captureIo();
    const code = await main(['demo', '--seed', '3'], io);
    expect(code, io.stdout + io.stderr).to.equal(0);
    expect(io.stdout).to.include('ATR A2 13 10 91');
    expect(io.stdout).to.match(/wrong PSC 12 34 56: verified false, error counter \d{3}b, 2 attempts left/);
    expect(io.stdout).to.match(/verified true, counter 111b, 3 attempts left/);
    expect(io.stdout).to.include('purchase #1, 20000 fen');
    expect(io.stdout).to.match(/refused by the chip/);
    expect(io.stdout).to.match(/refuses to risk the last attempt/);
    for (const type of ['SLE4442', 'SLE4428', 'AT88SC1608', 'AT88SC153', 'AT88SC102', 'AT88SC1604']) {
      // Once in the card suite, once in the reader suite.
      expect(io.stdout.match(new RegExp(`${type} +\\d+ cases: \\d+ pass, 0 fail`, 'g')), type).to.have.length(2);
    }
    expect(io.stdout.match(/verdict PASS/g)).to.have.length(2);
  });

  it('reads the same card through the emulated USB reader, refusing the last PSC attempt', async () => {
    const io = captureIo();
    expect(await main(['demo', '--seed', '5'], io), io.stderr).to.equal(0);
    const reader = io.stdout.slice(io.stdout.indexOf('8. The card goes into an emulated'));
    // cards_readers.md §0: an SLE4442 behind an ACR38U/ACR39U reports 3B 04 A2 13 10 91.
    expect(reader).to.include('ATR 3B 04 A2 13 10 91');
    expect(reader).to.include('meter 3141592653, purchase #1, 20000 fen');
    expect(reader).to.match(/two wrong PSCs through FF 20: 1 attempt left/);
    expect(reader).to.match(/the host refuses the last attempt and sends nothing: SLE4442 PSC: only 1 attempt left/);
    expect(reader).to.include('with insist and the right PSC: 3 attempts left');
  });

  it('collects a bill through the BOSS bank interface: the §8 frames byte for byte, a retry, a reused serial, a lost payment made up', async function () {
    this.timeout(60_000);
    const io = captureIo();
    expect(await main(['demo', '--seed', '11'], io), io.stderr).to.equal(0);
    const boss = io.stdout.slice(io.stdout.indexOf('10. The BOSS bank interface'));
    // bank-interface.md §8, both example exchanges exactly
    expect(boss).to.include('→ 0000571001|ICBC01|20261123000001|20261123|101500|T01|C00012345|');
    expect(boss).to.include('← 0001071001|0000|OK|20261123000001||C00012345|ZHANG SAN|NO 8 RENMIN RD|4500|2|202610|BASIC|2250|202611|BASIC|2250|');
    expect(boss).to.include('→ 0000641002|ICBC01|20261123000002|20261123|101512|T01|C00012345|4500|1|');
    expect(boss).to.include('← 0000631002|0000|OK|20261123000002|B2026112300000001|C00012345|4500|0|');
    expect(boss).to.include('the original answer, byte for byte, nothing posted twice');
    expect(boss).to.match(/another amount: 1005 /);
    expect(boss).to.match(/reconciles XJMX20261123\.TXT: matched 3, bank-only 1, BOSS-only 0, differs 0/);
    expect(boss).to.match(/2001 cash total with the bank's books: RESULT 1 /);
    expect(boss).to.match(/exception EX\d+ \(bankOnly, \d+\) resolved by a make-up: B\d+/);
    expect(boss).to.match(/2001 again: RESULT 0 /);
    expect(boss).to.match(/conformance: \d+ cases — (\d+) passed, 0 failed, 0 inconclusive/);
  });

  it('encodes the purchase record in integer fen and checks it', () => {
    const bytes = purchaseRecord({ meterNumber: 3141592653, purchaseCount: 2, amountFen: 123_456 });
    expect(readPurchaseRecord(bytes)).to.deep.equal({ meterNumber: 3141592653, purchaseCount: 2, amountFen: 123_456 });
    bytes[3] = bytes[3]! ^ 1;
    expect(() => readPurchaseRecord(bytes)).to.throw(DecodeError, /check byte/);
  });
});
