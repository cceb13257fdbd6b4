import { expect } from 'chai';
import { toHex } from '../../src/core/hex.ts';
import { BossDecodeError, BossEncodeError, BossFrameError } from '../../src/boss/codec/errors.ts';
import { decodeRequestFrame } from '../../src/boss/codec/frame-message.ts';
import { FrameDecoder } from '../../src/boss/codec/frame.ts';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse, type BossMessage } from '../../src/boss/codec/message.ts';
import { respCodeFor } from '../../src/boss/codec/resp-code.ts';
import { defaultProfile } from '../../src/boss/profile/load.ts';

const profile = defaultProfile();
const ascii = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));
const PAYMENT = '1002|ICBC01|20261123000002|20261123|101512|T01|C00012345|4500|1|';

function decodeError(body: string, side: 'request' | 'response' = 'request'): BossDecodeError {
  try {
    (side === 'request' ? decodeRequest : decodeResponse)(profile, ascii(body));
  } catch (error) {
    if (error instanceof BossDecodeError) return error;
    throw error;
  }
  throw new Error(`expected a BossDecodeError for ${body}`);
}

describe('malformed messages give a typed error naming the field [bank-interface §2, §3, §6]', () => {
  const cases: [string, string, string, RegExp][] = [
    ['missing field', PAYMENT.replace('4500|1|', '4500|'), 'PAYTYPE', /missing: only 8 fields/],
    ['extra field', `${PAYMENT}X|`, '(extra after PAYTYPE)', /10 fields, 1 more than defined/],
    ['bad date', PAYMENT.replace('|20261123|', '|20261131|'), 'TXDATE', /'20261131' is not a date YYYYMMDD/],
    ['bad time', PAYMENT.replace('101512', '246000'), 'TXTIME', /not a time HHMMSS/],
    ['over-long BANKCODE', PAYMENT.replace('ICBC01', 'ICBC01234'), 'BANKCODE', /is 9 characters, not 2..8/],
    ['BANKSERIAL not alphanumeric', PAYMENT.replace('20261123000002', '2026-1123'), 'BANKSERIAL', /letters and digits only/],
    ['amount of 13 digits', PAYMENT.replace('|4500|', '|1000000000000|'), 'AMOUNT', /13 digits, more than 12/],
    ['amount -1', PAYMENT.replace('|4500|', '|-1|'), 'AMOUNT', /no sign/],
    ['amount 45.00', PAYMENT.replace('|4500|', '|45.00|'), 'AMOUNT', /no sign, point/],
    ['PAYTYPE 3', PAYMENT.replace('|1|', '|3|'), 'PAYTYPE', /is not one of 1, 2/],
    ['no trailing separator', PAYMENT.slice(0, -1), 'body', /does not end with the separator '\|'/],
    ['non-ASCII byte', PAYMENT.replace('T01', 'T\xe91'), 'TELLER', /bytes 54 E9 31 are not ascii/],
    ['empty body', '', 'TXCODE', /missing: only 0 fields/],
  ];
  for (const [title, body, field, message] of cases) {
    it(`${title} → 1002 naming ${field}`, () => {
      const error = decodeError(body);
      expect([error.reason, error.field, error.respCode], title).to.deep.equal(['malformed', field, '1002']);
      expect(error.message).to.match(message);
      expect(toHex(error.bytes)).to.equal(toHex(ascii(body)));
    });
  }

  it('a request AMOUNT 0 is well-formed (§2: 1 to 12 digits); the range 1..999999999999 is the rule\'s (§4, 2003)', () => {
    for (const body of [PAYMENT.replace('|4500|', '|0|'), '1005|ICBC01|S2|20261123|101512|T01|P1|C00012345|0|', '1006|ICBC01|S3|20261123|101512|T01|P1|20261122|C00012345|0|']) {
      expect(decodeRequest(profile, ascii(body)).fields.AMOUNT).to.equal('0');
    }
  });

  it('unknown TXCODE → 1001, still reporting the header read so far for the answer', () => {
    const error = decodeError(PAYMENT.replace('1002', '1009'));
    expect([error.reason, error.field, error.value, error.respCode]).to.deep.equal(['unknownTxcode', 'TXCODE', '1009', '1001']);
    expect(error.partial).to.deep.include({ txcode: '1009' });
    expect(error.partial.header).to.include({ BANKCODE: 'ICBC01', BANKSERIAL: '20261123000002' });
    expect(respCodeFor(profile, error)).to.equal('1001');
  });

  it('a body without its final separator → 1002, with the header still read so the answer can echo it [§2, §3]', () => {
    const error = decodeError(PAYMENT.slice(0, -1));
    expect([error.reason, error.field, error.respCode]).to.deep.equal(['malformed', 'body', '1002']);
    expect(error.partial).to.deep.include({ txcode: '1002' });
    expect(error.partial.header).to.deep.equal({ BANKCODE: 'ICBC01', BANKSERIAL: '20261123000002', TXDATE: '20261123', TXTIME: '101512', TELLER: 'T01' });
    const garbled = decodeError('1002|ICBC01|2026112300000X!|20261123');
    expect(garbled.partial.header).to.deep.equal({ BANKCODE: 'ICBC01' });
  });

  it('a group shorter than its count names the first missing group field', () => {
    const body = '1001|0000|OK|1||C1|A|B|4500|3|202610|BASIC|2250|202611|BASIC|2250|';
    const error = decodeError(body, 'response');
    expect([error.field, error.respCode]).to.deep.equal(['BILLS[2].BILLMONTH', '1002']);
  });

  it('responses carry transaction fields only with 0000, and only known response codes [§3, §6]', () => {
    expect(decodeResponse(profile, ascii('1002|2001|customer not found|S1||'))).to.deep.equal({
      txcode: '1002',
      header: { RESPCODE: '2001', RESPMSG: 'customer not found', BANKSERIAL: 'S1', BOSSSERIAL: '' },
      fields: {},
      groups: {},
    });
    expect(decodeError('1002|2001|no|S1||C00012345|', 'response').field).to.equal('(extra after BOSSSERIAL)');
    expect(decodeError('1002|1234|no|S1||', 'response').field).to.equal('RESPCODE');
  });

  it('maps frame errors to 1004 (too large) and 1002 (prefix not digits) [§1, §6]', () => {
    const tooLarge = catching(() => new FrameDecoder(profile.framing).push(ascii('009000')));
    const badPrefix = catching(() => decodeRequestFrame(profile, ascii('00A057')));
    expect([tooLarge.reason, respCodeFor(profile, tooLarge)]).to.deep.equal(['tooLarge', '1004']);
    expect([badPrefix.reason, respCodeFor(profile, badPrefix)]).to.deep.equal(['badPrefix', '1002']);
  });
});

describe('the encoder refuses what it could not decode', () => {
  const payment = (): BossMessage => decodeRequest(profile, ascii(PAYMENT));

  it('names the field of a bad value, an unknown field and a missing one', () => {
    expect(() => encodeRequest(profile, { ...payment(), fields: { ...payment().fields, AMOUNT: '1000000000000' } })).to.throw(BossEncodeError, /^AMOUNT: '1000000000000' has 13 digits/);
    expect(() => encodeRequest(profile, { ...payment(), fields: { ...payment().fields, EXTRA: '1' } })).to.throw(BossEncodeError, /^EXTRA: not a field of 1002 request/);
    const { PAYTYPE: _dropped, ...missing } = payment().fields;
    expect(() => encodeRequest(profile, { ...payment(), fields: missing })).to.throw(BossEncodeError, /^PAYTYPE: missing/);
    expect(() => encodeRequest(profile, { ...payment(), txcode: '1009' })).to.throw(BossEncodeError, /unknown TXCODE '1009'/);
  });

  it('refuses a count that disagrees with its group, and fields on a non-0000 response', () => {
    const answer = '1001|0000|OK|1||C1|A|B|4500|1|202610|BASIC|2250|';
    const message = decodeResponse(profile, ascii(answer));
    expect(() => encodeResponse(profile, { ...message, fields: { ...message.fields, BILLCOUNT: '2' } })).to.throw(BossEncodeError, /^BILLCOUNT: says 2 but BILLS has 1/);
    expect(() => encodeResponse(profile, { ...message, header: { ...message.header, RESPCODE: '2001' } })).to.throw(BossEncodeError, /only sent with 0000/);
    expect(() => encodeResponse(profile, { ...message, header: { ...message.header, RESPCODE: '1234' } })).to.throw(BossEncodeError, /^RESPCODE: '1234' is not a response code/);
  });
});

function catching(run: () => unknown): BossFrameError {
  try {
    run();
  } catch (error) {
    if (error instanceof BossFrameError) return error;
    throw error;
  }
  throw new Error('expected a BossFrameError');
}
