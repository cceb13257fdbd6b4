import { expect } from 'chai';
import { DEMO } from '../../../src/boss/seed.ts';
import { openHarness, type Harness } from './harness.ts';

/** [bank-interface §6; decision] header 1002 → 1003 → 1001 → body 1002; nothing of these is stored. */
describe('BOSS service: response-code precedence for a header that decodes and a body that does not', function () {
  this.timeout(20_000);
  let h: Harness;
  beforeEach(async () => (h = await openHarness()));
  afterEach(() => h.close());

  const text = async (body: string, peer?: string) => Buffer.from((await h.send(body, peer)).body).toString('latin1');

  it('an unknown bank, or one not bound to the address, is told 1003 before its malformed body is judged', async () => {
    expect(await text('1002|NOBANK|S1|20261123|101500|T01|C00012345|45.00|1|')).to.equal('1002|1003|BANKCODE unknown|S1||');
    expect(await text(`1002|${DEMO.banks.abc}|S2|20261123|101500|T01|C00012345|45.00|1|`)).to.equal('1002|1003|BANKCODE not allowed from this address|S2||');
  });

  it('a TXCODE not enabled for the bank is told 1001 before its malformed body is judged', async () => {
    expect(await text(`1003|${DEMO.banks.ccb}|S3|20261123|101500|T01|C00012345|`)).to.equal('1003|1001|TXCODE not enabled for this bank|S3||');
  });

  it('an unknown TXCODE from an unknown bank is 1003, from a known one 1001', async () => {
    expect(await text('1009|NOBANK|S4|20261123|101500|T01|X|')).to.match(/^1009\|1003\|/);
    expect(await text(`1009|${DEMO.banks.icbc}|S5|20261123|101500|T01|X|`)).to.match(/^1009\|1001\|/);
  });

  it('an allowed bank and TXCODE with a malformed body get the body\'s 1002', async () => {
    expect(await text(`1002|${DEMO.banks.icbc}|S6|20261123|101500|T01|C00012345|45.00|1|`)).to.equal('1002|1002|malformed AMOUNT|S6||');
  });

  it('a malformed header is 1002 whoever sends it, echoing a well-formed BANKSERIAL even when BANKCODE is malformed', async () => {
    expect(await text('1002|ICBC-01|S7|20261123|101500|T01|C00012345|4500|1|')).to.equal('1002|1002|malformed BANKCODE|S7||');
    expect(await text('1002|ICBC-01|S-7|20261123|101500|T01|C00012345|4500|1|')).to.equal('1002|1002|malformed BANKCODE|||');
    expect(await text('1002|NOBANK|S8|2026112|101500|T01|C00012345|4500|1|')).to.equal('1002|1002|malformed TXDATE|S8||');
  });
});
