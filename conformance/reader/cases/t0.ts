import { toHex } from '../../../src/core/hex.ts';
import { commandApdu, splitResponse } from '../../../src/reader/apdu.ts';
import { check, checkBytes, checkEqual, notApplicable, type ConformanceCase } from '../../framework/case.ts';
import { NEEDS_CCID } from '../ccid-checks.ts';
import { MEMORY_CARD_APDUS, selectApdu } from '../memory-cards.ts';
import { BEHAVIOUR } from '../behaviour.ts';
import { transmitApdu, withSession, type CaseSession } from '../session.ts';
import type { ReaderTarget } from '../target.ts';

const OK = Uint8Array.of(0x90, 0x00);

/** Powers the card, selects its type, then sends `apdu` in XfrBlock and returns the response APDU. */
async function afterSelect(session: CaseSession, apdu: Uint8Array): Promise<Uint8Array> {
  checkBytes(await session.apdu.transmit(selectApdu(session.target.cardType)), OK, 'SELECT_CARD_TYPE');
  return transmitApdu(session.link, session.slot, apdu);
}

const sw = (response: Uint8Array): string => toHex(response.slice(-2));

export const t0Cases: ConformanceCase<ReaderTarget>[] = [
  {
    id: 'READER-T0-001',
    clause: 'ISO/IEC 7816-3 §12.2.2 (case 1: CLA INS P1 P2, no data either way), CCID 1.1 §6.1.4 (TPDU level)',
    title: 'a case 1 command gets exactly a status word back',
    tags: ['t0', 'apdu'],
    requires: NEEDS_CCID,
    async run(context) {
      await withSession(context, async (session) => {
        const response = await afterSelect(session, Uint8Array.of(0xff, 0xa4, 0x00, 0x00));
        checkEqual(response.length, 2, `response length to case 1 FF A4 00 00 (got ${toHex(response)})`);
      });
    },
  },
  {
    id: 'READER-T0-002',
    clause: 'ISO/IEC 7816-3 §12.2.3 (case 2: Le bytes out, then SW1 SW2), ACR38x-CCID §9.3 READ_MEMORY_CARD',
    title: 'a case 2 read of 16 bytes answers 16 data bytes and 90 00',
    tags: ['t0', 'apdu'],
    requires: NEEDS_CCID,
    async run(context) {
      await withSession(context, async (session) => {
        const response = await afterSelect(session, MEMORY_CARD_APDUS[session.target.cardType].read(0, 16));
        checkEqual(response.length, 18, `response length (got ${toHex(response)})`);
        checkBytes(response.slice(-2), OK, 'status word of the read');
      });
    },
  },
  {
    id: 'READER-T0-003',
    clause: 'ISO/IEC 7816-3 §12.2.4 (case 3: Lc data bytes in, SW1 SW2 out), ACR38x-CCID §9.3 SELECT_CARD_TYPE',
    title: 'a case 3 command (SELECT_CARD_TYPE) answers exactly 90 00',
    tags: ['t0', 'apdu'],
    requires: NEEDS_CCID,
    async run(context) {
      await withSession(context, async (session) => {
        checkBytes(await session.apdu.transmit(selectApdu(session.target.cardType)), OK, 'SELECT_CARD_TYPE');
      });
    },
  },
  {
    id: 'READER-T0-004',
    clause: 'ISO/IEC 7816-4 §5.6 (SW 67 00 wrong length), stbpay reader status words (simulators/reader/firmware/pseudo-apdu.ts)',
    title: 'a case 3 command whose Lc disagrees with its data gets 67 00, and the reader carries on',
    tags: ['t0', 'apdu', 'errors'],
    requires: NEEDS_CCID,
    async run(context) {
      await withSession(context, async (session) => {
        const { selectCode } = MEMORY_CARD_APDUS[session.target.cardType];
        const response = await afterSelect(session, Uint8Array.of(0xff, 0xa4, 0x00, 0x00, 0x02, selectCode));
        checkBytes(response, Uint8Array.of(0x67, 0x00), 'answer to FF A4 00 00 02 with one data byte');
        checkBytes(await transmitApdu(session.link, session.slot, selectApdu(session.target.cardType)), OK, 'SELECT_CARD_TYPE afterwards');
      });
    },
  },
  {
    id: 'READER-T0-005',
    clause: 'ISO/IEC 7816-3 §10.3.3 / 7816-4 §5.6 (wrong Le: 67 00, or 6C xx with the right Le)',
    title: 'reading the attempts counter with a wrong Le gets 67 00 or 6C with the right Le, never data and 90 00',
    tags: ['t0', 'apdu', 'errors'],
    requires: NEEDS_CCID,
    async run(context) {
      const code = MEMORY_CARD_APDUS[context.target.cardType].code;
      if (!code?.counterLeIsFixed) notApplicable(`the ${context.target.cardType} has no READ_PRESENTATION_ERROR_COUNTER with a fixed Le`);
      await withSession(context, async (session) => {
        const rightLe = code.readCounter[4]!;
        const wrong = Uint8Array.of(...code.readCounter.slice(0, 4), rightLe - 1);
        const response = await afterSelect(session, wrong);
        const { sw1, sw2 } = splitResponse(response);
        check(response.length === 2 && (sw1 === 0x67 || (sw1 === 0x6c && sw2 === rightLe)), `answer to ${toHex(wrong)}: ${toHex(response)}, expected 67 00 or 6C ${toHex(Uint8Array.of(rightLe))}`);
      });
    },
  },
  {
    id: 'READER-T0-006',
    clause: 'ISO/IEC 7816-4 §5.6 (6E 00 class not supported, 6D 00 instruction not supported); ACS documents no error SW, so any error SW passes and the evidence says which',
    title: 'a class other than FF and an unknown instruction are refused with an error status word',
    tags: ['t0', 'apdu', 'errors'],
    requires: NEEDS_CCID,
    async run(context) {
      await withSession(context, async (session) => {
        const read = MEMORY_CARD_APDUS[session.target.cardType].read(0, 4);
        for (const [apdu, stbpayChoice, what] of [
          [Uint8Array.of(0x00, ...read.slice(1)), '6E 00', 'class 00'],
          [commandApdu(0xff, 0x5a, 0, 0, undefined, 4), '6D 00', 'INS 5A'],
        ] as const) {
          const response = await afterSelect(session, apdu);
          check(response.length === 2, `${what}: answered ${toHex(response)}, expected a status word only`);
          check(response[0]! >= 0x64 && response[0]! <= 0x6f, `${what}: status word ${sw(response)} is no error (ISO 7816-4 §5.6: 64..6F)`);
          session.evidence.note(`${BEHAVIOUR}${what} refused with ${sw(response)}${sw(response) === stbpayChoice ? '' : `; the stbpay emulator answers ${stbpayChoice}`}`);
        }
      });
    },
  },
];
