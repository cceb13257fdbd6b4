import { hexByte, toHex } from '../../../src/core/hex.ts';
import { commandApdu, splitResponse } from '../../../src/reader/apdu.ts';
import { FEATURE, FEATURE_LEVEL_MASK } from '../../../src/reader/ccid/constants.ts';
import { check, checkBytes, checkEqual, fail, notApplicable, type ConformanceCase } from '../../framework/case.ts';
import type { Evidence } from '../../framework/evidence.ts';
import { NEEDS_CCID } from '../ccid-checks.ts';
import { MEMORY_CARD_APDUS, selectApdu } from '../memory-cards.ts';
import { BEHAVIOUR } from '../behaviour.ts';
import { transmitApdu, withSession, type ApduOutcome, type CaseSession } from '../session.ts';
import { READER_CAPABILITY, type ReaderTarget } from '../target.ts';

const OK = Uint8Array.of(0x90, 0x00);

/** APDU cases that any target runs: the CCID link or PC/SC. */
const NEEDS_APDU = [READER_CAPABILITY.apdu];

/** Selects the stated card type (powering the card first) and checks the reader took it. */
async function selectCardType(session: CaseSession): Promise<void> {
  checkBytes(await session.apdu.transmit(selectApdu(session.target.cardType)), OK, 'SELECT_CARD_TYPE');
}

/** Powers the card, selects its type, then sends `apdu` in XfrBlock and returns the response APDU. */
async function afterSelect(session: CaseSession, apdu: Uint8Array): Promise<Uint8Array> {
  await selectCardType(session);
  return transmitApdu(session.link, session.slot, apdu);
}

const sw = (response: Uint8Array): string => toHex(response.slice(-2));

/** An error status word: SW1 in 64..6F (ISO/IEC 7816-4 §5.6: 64..65 execution error, 67..6F checking error). */
const isErrorStatus = (response: Uint8Array): boolean => response.length === 2 && response[0]! >= 0x64 && response[0]! <= 0x6f;

/**
 * The reader's answer to a command it should refuse: an error status word, or a refusal at the
 * CCID level (XfrBlock failed, CCID 1.1 §6.2.6), either recorded as behaviour. Anything else fails.
 */
function checkRefused(outcome: ApduOutcome, what: string, evidence: Evidence, stbpayChoice: string): void {
  if ('refusedWith' in outcome) {
    evidence.note(`${BEHAVIOUR}${what}: refused at the CCID level, XfrBlock failed with bError ${hexByte(outcome.refusedWith)}; the stbpay emulator answers ${stbpayChoice}`);
    return;
  }
  const { response } = outcome;
  check(isErrorStatus(response), `${what}: answered ${toHex(response) || 'nothing'}, expected an error status word only (ISO/IEC 7816-4 §5.6: SW1 64..6F)`);
  evidence.note(`${BEHAVIOUR}${what}: refused with ${sw(response)}${sw(response) === stbpayChoice ? '' : `; the stbpay emulator answers ${stbpayChoice}`}`);
}

/** Whether the reader exchanges TPDUs (CCID 1.1 §5.1 dwFeatures 00010000h): abData is then a T=0 TPDU, not an APDU. */
function exchangesTpdus(session: CaseSession): boolean {
  return (session.link.descriptor.dwFeatures & FEATURE_LEVEL_MASK) === FEATURE.levelTpdu;
}

export const t0Cases: ConformanceCase<ReaderTarget>[] = [
  {
    id: 'READER-T0-001',
    clause:
      'ISO/IEC 7816-3 §12.2.2 (case 1: CLA INS P1 P2, no data either way; as a TPDU the header goes with P3 = 00), ' +
      'CCID 1.1 §6.1.4 (abData: a TPDU at TPDU level, an APDU at APDU level)',
    title: 'a case 1 command gets exactly a status word back',
    tags: ['t0', 'apdu'],
    requires: NEEDS_CCID,
    async run(context) {
      await withSession(context, async (session) => {
        const tpdu = exchangesTpdus(session);
        const command = tpdu ? Uint8Array.of(0xff, 0xa4, 0x00, 0x00, 0x00) : Uint8Array.of(0xff, 0xa4, 0x00, 0x00);
        session.evidence.note(`exchange level ${tpdu ? 'TPDU: the case 1 command goes as CLA INS P1 P2 P3=00' : 'APDU: the case 1 command goes as its 4 header bytes'}`);
        const response = await afterSelect(session, command);
        checkEqual(response.length, 2, `response length to case 1 ${toHex(command)} (got ${toHex(response)})`);
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
    requires: NEEDS_APDU,
    async run(context) {
      await withSession(context, async (session) => {
        await selectCardType(session);
      });
    },
  },
  {
    id: 'READER-T0-004',
    clause:
      'ISO/IEC 7816-4 §5.6 (SW1 64..6F: the command was not processed); ACS documents no error status word, ' +
      'so any error status word, or a CCID-level refusal (CCID 1.1 §6.2.6), passes and the certificate records which',
    title: 'a case 3 command whose Lc disagrees with its data is refused, and the reader carries on',
    tags: ['t0', 'apdu', 'errors'],
    requires: NEEDS_CCID,
    async run(context) {
      await withSession(context, async (session) => {
        const { selectCode } = MEMORY_CARD_APDUS[session.target.cardType];
        await selectCardType(session);
        const mismatched = Uint8Array.of(0xff, 0xa4, 0x00, 0x00, 0x02, selectCode);
        checkRefused(await session.transmitOrRefuse(mismatched), `${toHex(mismatched)} (Lc 2, one data byte)`, session.evidence, '67 00');
        checkBytes(await session.apdu.transmit(selectApdu(session.target.cardType)), OK, 'SELECT_CARD_TYPE afterwards');
      });
    },
  },
  {
    id: 'READER-T0-005',
    clause:
      'ISO/IEC 7816-3 §12.2.3 (case 2: Le; 6C xx gives the right Le), ISO/IEC 7816-4 §5.6 (67 xx wrong length); ' +
      'ACR38x-CCID §9.3.6 shows READ_PRESENTATION_ERROR_COUNTER with Le 04, the ACR38 PC/SC memory-card manual v6.02 with 00: a reader may ignore Le',
    title: 'reading the attempts counter with a wrong Le gets 67 xx, 6C with the right Le, the same counter and 90 00, or a CCID refusal — never another counter',
    tags: ['t0', 'apdu', 'errors'],
    requires: NEEDS_CCID,
    async run(context) {
      const code = MEMORY_CARD_APDUS[context.target.cardType].code;
      if (!code?.counterLeIsFixed) notApplicable(`the ${context.target.cardType} has no READ_PRESENTATION_ERROR_COUNTER with a fixed Le`);
      await withSession(context, async (session) => {
        const rightLe = code.readCounter[4]!;
        const wrongLe = rightLe - 1;
        const wrong = Uint8Array.of(...code.readCounter.slice(0, 4), wrongLe);
        // The bytes after the counter are the PSC once presented: never in the evidence.
        const hideFrom = code.counterIndex + 1;
        await selectCardType(session);
        const right = splitResponse(await session.transmitHidingAnswer(code.readCounter, hideFrom));
        check(right.sw1 === 0x90 && right.sw2 === 0x00 && right.data.length > code.counterIndex, `the counter read with the right Le answered SW ${hexByte(right.sw1)} ${hexByte(right.sw2)}`);
        const counter = right.data[code.counterIndex]!;
        const outcome = await session.transmitOrRefuse(wrong, hideFrom);
        if ('refusedWith' in outcome) {
          session.evidence.note(`${BEHAVIOUR}wrong Le refused at the CCID level, XfrBlock failed with bError ${hexByte(outcome.refusedWith)}`);
          return;
        }
        const { response } = outcome;
        const { sw1, sw2, data } = splitResponse(response);
        const what = `answer to ${toHex(wrong)} (Le ${wrongLe}, the right Le is ${rightLe})`;
        if (response.length === 2 && sw1 === 0x67) {
          session.evidence.note(`${BEHAVIOUR}wrong Le refused with ${sw(response)} (wrong length)`);
        } else if (response.length === 2 && sw1 === 0x6c) {
          checkEqual(sw2, rightLe, `SW2 of 6C (the right Le) in the ${what}`);
          session.evidence.note(`${BEHAVIOUR}wrong Le answered 6C ${hexByte(sw2)}, the right Le`);
        } else if (sw1 === 0x90 && sw2 === 0x00) {
          // Le honoured (wrongLe bytes) or ignored (the rightLe bytes ACS always sends); anything else is neither.
          check(data.length === wrongLe || data.length === rightLe, `${what}: ${data.length} data bytes and 90 00, neither Le ${wrongLe} nor ${rightLe}`);
          checkEqual(data[code.counterIndex] ?? -1, counter, `the counter in the ${what} (the right Le read ${hexByte(counter)})`);
          session.evidence.note(`${BEHAVIOUR}wrong Le answered with ${data.length} data bytes and 90 00, the same counter (${data.length === rightLe ? 'Le ignored' : 'Le honoured'})`);
        } else {
          fail(`${what}: SW ${sw(response)}, expected 67 xx, 6C ${hexByte(rightLe)} or the counter with 90 00`);
        }
      });
    },
  },
  {
    id: 'READER-T0-006',
    clause:
      'ISO/IEC 7816-4 §5.6 (6E 00 class not supported, 6D 00 instruction not supported); ACS documents no error SW, ' +
      'so any error SW, or a CCID-level refusal (CCID 1.1 §6.2.6), passes and the evidence says which',
    title: 'a class other than FF and an unknown instruction are refused with an error status word',
    tags: ['t0', 'apdu', 'errors'],
    requires: NEEDS_APDU,
    async run(context) {
      await withSession(context, async (session) => {
        const read = MEMORY_CARD_APDUS[session.target.cardType].read(0, 4);
        for (const [apdu, stbpayChoice, what] of [
          [Uint8Array.of(0x00, ...read.slice(1)), '6E 00', 'class 00'],
          [commandApdu(0xff, 0x5a, 0, 0, undefined, 4), '6D 00', 'INS 5A'],
        ] as const) {
          await selectCardType(session);
          checkRefused(await session.transmitOrRefuse(apdu), what, session.evidence, stbpayChoice);
        }
      });
    },
  },
];
