import { encodeFrame } from '../../../src/boss/codec/frame.ts';
import { encodeRequest } from '../../../src/boss/codec/message.ts';
import { check, checkEqual, type ConformanceCase } from '../../framework/case.ts';
import { expectCode } from '../answers.ts';
import { asciiBytes } from '../frame-text.ts';
import { joinPieces, pieceIndex, requestPieces } from '../raw.ts';
import { withSession, type BossSession } from '../session.ts';
import type { BossTarget } from '../target.ts';
import { query, readArrears } from '../transactions.ts';

/** How long after an answer that announces it the BOSS has to close the connection. */
const CLOSE_WITHIN_MS = 2_000;

/** Sends the frame of a 1001 for the named customer in the given pieces, pausing between them; checks the answer. */
async function sendInPieces(session: BossSession, cut: (frame: Uint8Array) => Uint8Array[], pauseMs: number, label: string): Promise<void> {
  const link = await session.link();
  const request = session.request('1001', { CUSTNO: session.target.data.namedCustomer.custno });
  const frame = encodeFrame(session.target.profile.framing, encodeRequest(session.target.profile, request));
  const pieces = cut(frame);
  session.evidence.note(`${label}: ${frame.length} bytes in ${pieces.length} writes, ${pauseMs} ms apart`);
  for (const [i, piece] of pieces.entries()) {
    if (i > 0) await session.target.clock.sleep(pauseMs);
    await link.write(piece, `${label} piece ${i + 1}/${pieces.length}`);
  }
  const answer = await link.answer(label);
  const split = readArrears({ request, answer }, `1001 sent ${label}`);
  const whole = await query(session, request.fields.CUSTNO ?? '');
  checkEqual(JSON.stringify([split.arrears, split.bills]), JSON.stringify([whole.arrears, whole.bills]), `arrears answered to the request sent ${label} and to the same request sent whole`);
}

/** `bytes` cut at the given offsets. */
function cutAt(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const bounds = [0, ...offsets.filter((o) => o > 0 && o < bytes.length), bytes.length];
  return bounds.slice(1).map((end, i) => bytes.slice(bounds[i], end));
}

/** A frame announcing `announced` body bytes, then a few bytes of garbage body. */
async function oversized(session: BossSession, prefix: string): Promise<void> {
  const link = await session.link();
  await link.write(asciiBytes(`${prefix}1001|`), `frame announcing ${Number(prefix)} bytes`);
  const answer = await link.answerOrClose(`the announced length ${Number(prefix)}`);
  check(answer !== undefined, `the BOSS closed without answering a frame announcing ${Number(prefix)} bytes (over the maximum ${session.target.profile.framing.maxBody}) [bank-interface §1: answered with 1004]`);
  expectCode({ request: session.request('0000', {}), answer }, '1004', `frame announcing ${Number(prefix)} bytes`, { txcode: false, bankSerial: false });
  await link.expectClosed(CLOSE_WITHIN_MS, 'after a 1004 the connection is closed [bank-interface §1]');
}

export const framingCases: ConformanceCase<BossTarget>[] = [
  {
    id: 'BOSS-FRAME-001',
    clause: 'bank-interface §1 (frame: 6 ASCII digits giving the body length, then the body; TCP delivers it in any segments)',
    title: 'a request written in seven pieces (the length prefix cut too) is answered as if sent whole',
    tags: ['framing'],
    async run(context) {
      await withSession(context, async (session) => {
        await sendInPieces(session, (frame) => cutAt(frame, [2, 6, 11, 20, 33, Math.floor(frame.length * 0.8)]), 20, 'in seven pieces');
      });
    },
  },
  {
    id: 'BOSS-FRAME-002',
    clause: 'bank-interface §1 (frame), §1 (a frame must be complete within 10 s of its first byte)',
    title: 'a request written one byte at a time is answered as if sent whole',
    tags: ['framing'],
    async run(context) {
      await withSession(context, async (session) => {
        await sendInPieces(session, (frame) => cutAt(frame, Array.from({ length: frame.length }, (_, i) => i)), 2, 'one byte at a time');
      });
    },
  },
  {
    id: 'BOSS-FRAME-003',
    clause: 'bank-interface §1 (6 ASCII decimal digits), §6 1002 (malformed: length)',
    title: 'a length prefix that is not digits is answered 1002 and the connection is closed',
    tags: ['framing', 'response-code'],
    async run(context) {
      await withSession(context, async (session) => {
        const link = await session.link();
        const request = session.request('1001', { CUSTNO: context.target.data.namedCustomer.custno });
        const frame = encodeFrame(context.target.profile.framing, encodeRequest(context.target.profile, request));
        frame[2] = 0x41; // 'A' inside the length prefix
        await link.write(frame, 'frame with the length prefix 00A...');
        const answer = await link.answerOrClose('a bad length prefix');
        check(answer !== undefined, 'the BOSS closed without answering a bad length prefix [bank-interface §6 1002]');
        expectCode({ request, answer }, '1002', 'bad length prefix', { txcode: false, bankSerial: false });
        await link.expectClosed(CLOSE_WITHIN_MS, 'a stream whose length prefix is not digits cannot be followed');
      });
    },
  },
  {
    id: 'BOSS-FRAME-004',
    clause: 'bank-interface §1 (a connection carries any number of request/response pairs, strictly one at a time)',
    title: 'six requests one after the other on one connection each get their own answer',
    tags: ['framing'],
    async run(context) {
      await withSession(context, async (session) => {
        const { data } = context.target;
        const customers = [data.namedCustomer.custno, data.balanceCustomer, data.unknownCustomer];
        for (let i = 0; i < 6; i++) {
          const custno = customers[i % customers.length] ?? '';
          const sent = await session.send('1001', { CUSTNO: custno }, `request ${i + 1} of 6 on one connection`);
          expectCode(sent, custno === data.unknownCustomer ? '2001' : '0000', `request ${i + 1} (1001 for ${custno})`);
        }
      });
    },
  },
  {
    id: 'BOSS-FRAME-005',
    clause: 'bank-interface §1 (maximum body length 8192 bytes), §2 (dates YYYYMMDD), §6 1002',
    title: 'a body of exactly the maximum length is read as a frame (1002 for its oversized TXDATE, not 1004) and the connection goes on',
    tags: ['framing'],
    async run(context) {
      await withSession(context, async (session) => {
        const { profile, data } = context.target;
        const request = session.request('1001', { CUSTNO: data.namedCustomer.custno });
        // The body is filled out in TXDATE, whose format §2 fixes (a CUSTNO's is the BOSS's own).
        const pieces = requestPieces(profile, request);
        const at = pieceIndex(profile, '1001', 'TXDATE');
        pieces[at] = '';
        const fill = profile.framing.maxBody - joinPieces(profile, pieces).length;
        pieces[at] = '2'.repeat(fill);
        const body = joinPieces(profile, pieces);
        checkEqual(body.length, profile.framing.maxBody, 'length of the body built (suite self-check)');
        const sent = await session.sendRaw(body, request, `1001 with a ${fill}-digit TXDATE (${body.length}-byte body)`);
        expectCode(sent, '1002', `a ${body.length}-byte body`);
        await query(session, data.namedCustomer.custno);
      });
    },
  },
  {
    id: 'BOSS-FRAME-006',
    clause: 'bank-interface §1 (frame), §6 1002 (malformed message)',
    title: 'an empty body (length 000000) is answered 1002',
    tags: ['framing', 'response-code'],
    async run(context) {
      await withSession(context, async (session) => {
        const link = await session.link();
        const answer = await link.sendBody(new Uint8Array(0), 'an empty body');
        expectCode({ request: session.request('0000', {}), answer }, '1002', 'empty body', { txcode: false, bankSerial: false });
      });
    },
  },
  {
    id: 'BOSS-RESP-1004-001',
    clause: 'bank-interface §1 (a larger announced length is answered with 1004 and the connection is closed), §6 1004',
    title: 'a frame announcing one byte more than the maximum is answered 1004 at once and the connection closed',
    tags: ['framing', 'response-code'],
    async run(context) {
      await withSession(context, async (session) => {
        const { framing } = context.target.profile;
        await oversized(session, String(framing.maxBody + 1).padStart(framing.lengthDigits, '0'));
      });
    },
  },
  {
    id: 'BOSS-RESP-1004-002',
    clause: 'bank-interface §1, §6 1004',
    title: 'a frame announcing the largest length the prefix can hold is answered 1004 and the connection closed',
    tags: ['framing', 'response-code'],
    async run(context) {
      await withSession(context, async (session) => {
        await oversized(session, '9'.repeat(context.target.profile.framing.lengthDigits));
      });
    },
  },
];
