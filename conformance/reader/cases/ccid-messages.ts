import { hexByte, toHex } from '../../../src/core/hex.ts';
import { ANSWER_TYPE, COMMAND_STATUS, PC_TO_RDR, RDR_TO_PC, SLOT_ERROR, type PcToRdrType } from '../../../src/reader/ccid/constants.ts';
import { encodeCcid } from '../../../src/reader/ccid/message.ts';
import { checkEqual, fail, type ConformanceCase } from '../../framework/case.ts';
import * as ccid from '../ccid-commands.ts';
import { checkAnswerHeader, checkFailedWith, checkOk, NEEDS_CCID } from '../ccid-checks.ts';
import { BEHAVIOUR } from '../behaviour.ts';
import type { Evidence } from '../../framework/evidence.ts';
import type { CcidExchange } from '../link.ts';
import { selectApdu } from '../memory-cards.ts';
import { withSession, type CaseSession } from '../session.ts';
import { READER_CAPABILITY, type ReaderTarget } from '../target.ts';

/**
 * One message of every PC_to_RDR type but Abort (its own case), in an order that keeps the slot
 * usable, each harmless on a real reader: commands the descriptor says the reader has hardware for
 * (a PIN pad for Secure, a motor for Mechanical) are left out rather than risk a PIN prompt or an
 * ejected card.
 */
function everyCommandType(session: CaseSession): { request: ccid.CcidRequest; skip?: string }[] {
  const { slot, target } = session;
  const d = session.link.descriptor;
  const le32 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
  return [
    { request: ccid.iccPowerOn(slot) },
    { request: ccid.xfrBlock(slot, selectApdu(target.cardType)) },
    { request: ccid.getSlotStatus(slot) },
    { request: ccid.getParameters(slot) },
    { request: ccid.setParameters(slot, 0, ccid.DEFAULT_T0_PARAMETERS) },
    { request: ccid.resetParameters(slot) },
    { request: ccid.escape(slot) },
    { request: { type: PC_TO_RDR.IccClock, slot, specific: [0, 0, 0] } },
    { request: { type: PC_TO_RDR.T0APDU, slot, specific: [0, 0, 0] } },
    {
      request: {
        type: PC_TO_RDR.SetDataRateAndClockFrequency,
        slot,
        data: Uint8Array.from([...le32(d.dwDefaultClock), ...le32(d.dwDataRate)]),
      },
    },
    d.bPINSupport === 0 ? { request: { type: PC_TO_RDR.Secure, slot, data: Uint8Array.of(0x00) } } : { request: ccid.getSlotStatus(slot), skip: 'Secure (the reader has a PIN pad)' },
    d.dwMechanical === 0
      ? { request: { type: PC_TO_RDR.Mechanical, slot, specific: [ccid.MECHANICAL_UNLOCK, 0, 0] } }
      : { request: ccid.getSlotStatus(slot), skip: 'Mechanical (the reader has a motor)' },
    { request: ccid.iccPowerOff(slot) },
  ];
}

/** Commands a reader may lack (no PIN pad, no motor): their refusal may come as SlotStatus. [CCID 1.1 §5.1 bPINSupport, dwMechanical] */
const MAY_LACK = new Set<number>([PC_TO_RDR.Secure, PC_TO_RDR.Mechanical]);

/** Records which message type carried the answer to a command the reader may lack. */
function recordUnsupportedAnswer(evidence: Evidence, exchange: CcidExchange, what: string): void {
  const { answer } = exchange;
  const refused = answer.commandStatus === COMMAND_STATUS.failed ? `refused with bError ${hexByte(answer.error)}` : 'processed';
  const paired = ANSWER_TYPE[(exchange.request[0] ?? -1) as PcToRdrType];
  evidence.note(`${BEHAVIOUR}${what} ${refused}, answered with ${ccid.messageName(answer.type)}${answer.type === paired ? '' : ' (not its table 6.1-1 type)'}`);
}

export const ccidMessageCases: ConformanceCase<ReaderTarget>[] = [
  {
    id: 'READER-CCID-001',
    clause: 'CCID 1.1 §6.2 (RDR_to_PC header: bMessageType per table 6.1-1, dwLength = abData, bSlot and bSeq echoed)',
    title: 'every answer has the message type the command calls for, a dwLength that matches its data, and echoes bSlot and bSeq',
    tags: ['ccid', 'header'],
    requires: NEEDS_CCID,
    async run(context) {
      await withSession(context, async (session) => {
        const { link, slot } = session;
        const exchanges: [string, CcidExchange][] = [];
        const run = async (what: string, request: ccid.CcidRequest) => exchanges.push([what, await link.exchange(request)]);
        await run('GetSlotStatus', ccid.getSlotStatus(slot));
        await run('IccPowerOn', ccid.iccPowerOn(slot));
        await run('XfrBlock', ccid.xfrBlock(slot, selectApdu(session.target.cardType)));
        await run('GetParameters', ccid.getParameters(slot));
        await run('Escape', ccid.escape(slot));
        await run('IccPowerOff', ccid.iccPowerOff(slot));
        for (const [what, exchange] of exchanges) {
          checkAnswerHeader(exchange, what);
          // dwLength: decodeAnswer already refused an answer whose dwLength disagrees with its bytes.
          if (exchange.answer.type === RDR_TO_PC.SlotStatus) checkEqual(exchange.answer.data.length, 0, `${what}: SlotStatus carries no abData (§6.2.2)`);
        }
        const powerOn = exchanges[1]![1];
        checkOk(powerOn, 'IccPowerOn');
        checkEqual(powerOn.answer.data.length > 0, true, 'IccPowerOn answers the ATR in abData (§6.2.1)');
      });
    },
  },
  {
    id: 'READER-CCID-002',
    clause:
      'CCID 1.1 §6.2 (bSeq: "sequence number for the corresponding command"), every PC_to_RDR type of §6.1; ' +
      'an unsupported Secure or Mechanical may be refused with SlotStatus, bError 00 (recorded)',
    title: 'bSeq and bSlot are echoed in the answer to every command type, supported or not',
    tags: ['ccid', 'seq'],
    requires: NEEDS_CCID,
    async run(context) {
      await withSession(context, async (session) => {
        const used = new Set<number>();
        for (const { request, skip } of everyCommandType(session)) {
          if (skip) {
            session.evidence.note(`left out: ${skip}`);
            continue;
          }
          let seq = context.random.int(0, 255);
          while (used.has(seq)) seq = (seq + 1) & 0xff;
          used.add(seq);
          const exchange = await session.link.exchange(request, seq);
          const mayLack = MAY_LACK.has(request.type);
          checkAnswerHeader(exchange, ccid.messageName(request.type), { unsupportedAsSlotStatus: mayLack });
          if (mayLack) recordUnsupportedAnswer(session.evidence, exchange, ccid.messageName(request.type));
        }
      });
    },
  },
  {
    id: 'READER-CCID-003',
    clause: 'CCID 1.1 §6.1 (bSeq "a monotonically increasing by one counter of bulk messages", modulo 256)',
    title: 'bSeq wraps from 255 to 0 and is still echoed',
    tags: ['ccid', 'seq'],
    requires: NEEDS_CCID,
    async run(context) {
      await withSession(context, async ({ link, slot }) => {
        const sequence = [253, 254, 255, 0, 1];
        const requests = [ccid.getSlotStatus(slot), ccid.iccPowerOn(slot), ccid.getSlotStatus(slot), ccid.iccPowerOff(slot), ccid.getSlotStatus(slot)];
        for (const [i, seq] of sequence.entries()) {
          const exchange = await link.exchange(requests[i]!, seq);
          checkAnswerHeader(exchange, `${ccid.messageName(requests[i]!.type)} with bSeq ${seq}`);
        }
      });
    },
  },
  {
    id: 'READER-CCID-004',
    clause:
      'CCID 1.1 §6.2.6 table 6.2-2 (bError 00 "Command not supported"), §6.1 (message types); the answer to an unsupported ' +
      'Secure or Mechanical may be its table 6.1-1 type or SlotStatus (the spec does not say which carries the refusal), recorded',
    title: 'a message type CCID does not define, and a command the descriptor rules out, fail with bError 00',
    tags: ['ccid', 'errors'],
    requires: NEEDS_CCID,
    async run(context) {
      await withSession(context, async ({ link, slot, evidence }) => {
        // 0x60 is no PC_to_RDR type; §6.2.2: a command that cannot be carried out answers SlotStatus.
        const unknown = await link.exchange({ type: 0x60, slot });
        checkEqual(unknown.answer.type, RDR_TO_PC.SlotStatus, 'answer type to message type 60');
        checkAnswerHeader(unknown, 'message type 60');
        checkFailedWith(unknown, SLOT_ERROR.commandNotSupported, 'message type 60');
        const d = link.descriptor;
        if (d.dwMechanical === 0) {
          const mechanical = await link.exchange({ type: PC_TO_RDR.Mechanical, slot, specific: [ccid.MECHANICAL_UNLOCK, 0, 0] });
          checkAnswerHeader(mechanical, 'Mechanical with dwMechanical 0', { unsupportedAsSlotStatus: true });
          checkFailedWith(mechanical, SLOT_ERROR.commandNotSupported, 'Mechanical on a reader without mechanical functions (dwMechanical 0)');
          recordUnsupportedAnswer(evidence, mechanical, 'Mechanical');
        } else evidence.note('dwMechanical is not 0: Mechanical is left out');
        if (d.bPINSupport === 0) {
          const secure = await link.exchange({ type: PC_TO_RDR.Secure, slot, data: Uint8Array.of(0x00) });
          checkAnswerHeader(secure, 'Secure with bPINSupport 0', { unsupportedAsSlotStatus: true });
          checkFailedWith(secure, SLOT_ERROR.commandNotSupported, 'Secure on a reader without PIN support (bPINSupport 0)');
          recordUnsupportedAnswer(evidence, secure, 'Secure');
        } else evidence.note('bPINSupport is not 0: Secure is left out');
      });
    },
  },
  {
    id: 'READER-CCID-005',
    clause: 'CCID 1.1 §6.2.6 table 6.2-2 (bError 05: bSlot does not exist), §5.1 bMaxSlotIndex',
    title: 'a command to a slot past bMaxSlotIndex fails with bError 05 and echoes the slot it was sent to',
    tags: ['ccid', 'errors'],
    requires: NEEDS_CCID,
    async run(context) {
      await withSession(context, async ({ link }) => {
        const badSlot = link.descriptor.bMaxSlotIndex + 1;
        for (const request of [ccid.getSlotStatus(badSlot), ccid.iccPowerOn(badSlot), ccid.xfrBlock(badSlot, Uint8Array.of(0xff, 0xb0, 0, 0, 1))]) {
          const what = `${ccid.messageName(request.type)} to slot ${badSlot}`;
          const exchange = await link.exchange(request);
          checkAnswerHeader(exchange, what);
          checkFailedWith(exchange, SLOT_ERROR.badSlot, what);
        }
      });
    },
  },
  {
    id: 'READER-CCID-006',
    clause:
      'CCID 1.1 §6.1 (dwLength: size of the extra bytes), §6.2.6 table 6.2-2 (bError 1..127: index of the wrong header field; ' +
      '01 = dwLength). The specification does not oblige a reader to reject trailing bytes: bError 01 or a normal answer, recorded',
    title: 'a message with bytes beyond its dwLength is answered once (bError 01 or as if they were not there), and the reader stays in step',
    tags: ['ccid', 'errors'],
    // Over a serial framing the frame ends where dwLength says: such a message cannot be sent.
    requires: [...NEEDS_CCID, READER_CAPABILITY.transportFraming],
    async run(context) {
      await withSession(context, async ({ link, slot, evidence }) => {
        try {
          const seq = link.nextSeq;
          // dwLength 0 and one byte after the header, in one transfer: a reader that waited for more
          // (dwLength larger than sent) would hang a real USB link, so the declared length is the short one.
          const message = encodeCcid({ type: PC_TO_RDR.GetSlotStatus, slot, seq, specific: [0, 0, 0], data: Uint8Array.of(0x00) });
          message.set([0, 0, 0, 0], 1);
          const exchange = await link.exchangeRaw(message, `GetSlotStatus with dwLength 0 and 1 byte of abData, slot ${slot}, seq ${seq}`);
          checkAnswerHeader(exchange, 'GetSlotStatus with a wrong dwLength');
          const { answer } = exchange;
          if (answer.commandStatus === COMMAND_STATUS.failed) {
            checkEqual(answer.error, SLOT_ERROR.badLength, 'bError of the refused message (01: dwLength)');
            evidence.note(`${BEHAVIOUR}trailing byte beyond dwLength refused with bError 01`);
          } else {
            checkOk(exchange, 'GetSlotStatus with a trailing byte');
            evidence.note(`${BEHAVIOUR}trailing byte beyond dwLength ignored: answered as a normal GetSlotStatus`);
          }
          // A reader that took the trailing byte for a message of its own answers it too: this answer is then out of step.
          const after = await link.exchange(ccid.getSlotStatus(slot));
          checkAnswerHeader(after, 'GetSlotStatus after the one with a trailing byte');
          checkOk(after, 'GetSlotStatus after the one with a trailing byte');
        } finally {
          // The next case must not meet an answer this one provoked.
          await link.resync(slot);
        }
      });
    },
  },
  {
    id: 'READER-CCID-007',
    clause: 'CCID 1.1 §5.3.1 (ABORT class request, then PC_to_RDR_Abort with the same bSlot and bSeq), §6.1.13',
    title: 'the abort sequence is answered with SlotStatus, no error, the abort\'s bSeq, and the reader carries on',
    tags: ['ccid', 'abort'],
    requires: [...NEEDS_CCID, READER_CAPABILITY.controlAbort],
    async run(context) {
      await withSession(context, async ({ link, slot }) => {
        checkOk(await link.exchange(ccid.iccPowerOn(slot)), 'IccPowerOn');
        const seq = link.nextSeq;
        await link.controlAbort(slot, seq);
        const exchange = await link.exchange(ccid.abort(slot), seq);
        checkAnswerHeader(exchange, 'Abort');
        if (exchange.answer.commandStatus !== COMMAND_STATUS.ok) {
          fail(`Abort answered bmCommandStatus ${exchange.answer.commandStatus}, bError ${toHex(Uint8Array.of(exchange.answer.error))}; §6.1.13 expects the abort to complete`);
        }
        const after = await link.exchange(ccid.getSlotStatus(slot));
        checkAnswerHeader(after, 'GetSlotStatus after the abort');
        checkOk(after, 'GetSlotStatus after the abort');
      });
    },
  },
];
