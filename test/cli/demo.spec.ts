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

  it('encodes the purchase record in integer fen and checks it', () => {
    const bytes = purchaseRecord({ meterNumber: 3141592653, purchaseCount: 2, amountFen: 123_456 });
    expect(readPurchaseRecord(bytes)).to.deep.equal({ meterNumber: 3141592653, purchaseCount: 2, amountFen: 123_456 });
    bytes[3] = bytes[3]! ^ 1;
    expect(() => readPurchaseRecord(bytes)).to.throw(DecodeError, /check byte/);
  });
});
