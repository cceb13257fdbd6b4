import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { toHex } from '../../src/core/hex.ts';
import { decodeRequestFrame, decodeResponseFrame, encodeRequestFrame, encodeResponseFrame } from '../../src/boss/codec/frame-message.ts';
import { decodeRequest, decodeResponse } from '../../src/boss/codec/message.ts';
import { DEFAULT_PROFILE_URL } from '../../src/boss/profile/load.ts';
import type { Profile } from '../../src/boss/profile/types.ts';
import { validateProfile } from '../../src/boss/profile/validate.ts';
import { fileRoundTrips, messageRoundTrips } from './round-trip.ts';

/** boss-bank/1 with some elements changed, as an integrator would write it: data only. */
function variant(change: (doc: Record<string, Record<string, unknown>>) => void): Profile {
  const doc = JSON.parse(readFileSync(DEFAULT_PROFILE_URL, 'utf8')) as Record<string, Record<string, unknown>>;
  change(doc);
  return validateProfile(doc);
}

/** Separator '#', a 4-digit length prefix, and names, addresses and items in GBK. */
const hashGbk = variant((doc) => {
  doc.profile = 'hash-bank/1' as never;
  doc.framing = { lengthPrefix: { digits: 4 }, maxBody: 4096 };
  doc.body = { separator: '#', trailingSeparator: true, encoding: 'ascii' };
  const formats = doc.formats as Record<string, Record<string, unknown>>;
  for (const name of ['name', 'item', 'reason']) formats[name]!.encoding = 'gbk';
});

/** '|' with no trailing separator, LF line ends and a '.FLG' flag. */
const bare = variant((doc) => {
  doc.body = { separator: '|', trailingSeparator: false, encoding: 'ascii' };
  doc.files = { ...doc.files, lineEnd: '\n', flagSuffix: '.FLG' };
});

/** '|' kept, names in GBK: a GBK trail byte can be 0x7C and must not split the field. [§2] */
const pipeGbk = variant((doc) => {
  (doc.formats as Record<string, Record<string, unknown>>).name!.encoding = 'gbk';
});

describe('a modified profile works without code changes', () => {
  it("separator '#', 4-digit prefix, GBK names: lengths count GBK bytes [§1, §2]", () => {
    const message = {
      txcode: '1001',
      header: { RESPCODE: '0000', RESPMSG: 'OK', BANKSERIAL: '20261123000001', BOSSSERIAL: '' },
      fields: { CUSTNO: 'C00012345', CUSTNAME: '张三', ADDRESS: '人民路8号', ARREARS: '2250', BILLCOUNT: '1' },
      groups: { BILLS: [{ BILLMONTH: '202610', ITEM: '基本', AMOUNT: '2250' }] },
    };
    const frame = encodeResponseFrame(hashGbk, message);
    const body = '1001#0000#OK#20261123000001##C00012345#';
    expect(Buffer.from(frame.subarray(0, 4 + body.length)).toString('latin1')).to.equal(`${String(frame.length - 4).padStart(4, '0')}${body}`);
    // 张三 = D5 C5 C8 FD in GBK
    expect(toHex(frame)).to.contain('23 D5 C5 C8 FD 23');
    expect(decodeResponseFrame(hashGbk, frame)).to.deep.equal(message);
  });

  it('the §8 query in the variant framing', () => {
    const frame = Uint8Array.from(Buffer.from('00571001#ICBC01#20261123000001#20261123#101500#T01#C00012345#', 'latin1'));
    const query = decodeRequestFrame(hashGbk, frame);
    expect(query.fields).to.deep.equal({ CUSTNO: 'C00012345' });
    expect(toHex(encodeRequestFrame(hashGbk, query))).to.equal(toHex(frame));
  });

  it("splits on '|' outside GBK characters: 亅 is 81 7C", () => {
    const body = Buffer.concat([Buffer.from('1003|ICBC01|S1|20261123|101500|T01|C1|A1|'), Buffer.from([0x81, 0x7c]), Buffer.from('|')]);
    expect(decodeRequest(pipeGbk, Uint8Array.from(body)).fields).to.deep.equal({ CUSTNO: 'C1', ACCTNO: 'A1', ACCTNAME: '亅' });
    const answer = Buffer.concat([Buffer.from('3001|0000|OK|S1||INV1|C1|'), Buffer.from([0x81, 0x7c]), Buffer.from('|100|0|')]);
    expect(decodeResponse(pipeGbk, Uint8Array.from(answer)).fields.CUSTNAME).to.equal('亅');
  });

  it('no trailing separator', () => {
    const frame = Uint8Array.from(Buffer.from('0000561001|ICBC01|20261123000001|20261123|101500|T01|C00012345', 'latin1'));
    expect(toHex(encodeRequestFrame(bare, decodeRequestFrame(bare, frame)))).to.equal(toHex(frame));
  });

  describe("round-trips with '#', 4 digits and GBK", () => {
    messageRoundTrips(hashGbk);
    fileRoundTrips(hashGbk);
  });
  describe('round-trips without a trailing separator and with LF files', () => {
    messageRoundTrips(bare);
    fileRoundTrips(bare);
  });
  describe("round-trips with '|' and GBK names", () => {
    messageRoundTrips(pipeGbk);
  });
});
