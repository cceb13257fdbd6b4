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
      expect(io.stdout).to.match(new RegExp(`${type} +\\d+ cases: \\d+ pass, 0 fail`));
    }
    expect(io.stdout).to.include('verdict PASS');
  });

  it('encodes the purchase record in integer fen and checks it', () => {
    const bytes = purchaseRecord({ meterNumber: 3141592653, purchaseCount: 2, amountFen: 123_456 });
    expect(readPurchaseRecord(bytes)).to.deep.equal({ meterNumber: 3141592653, purchaseCount: 2, amountFen: 123_456 });
    bytes[3] = bytes[3]! ^ 1;
    expect(() => readPurchaseRecord(bytes)).to.throw(DecodeError, /check byte/);
  });
});
