import { hexByte, toHex } from '../../../src/core/hex.ts';
import { COMMAND_STATUS, FEATURE, FEATURE_LEVEL_MASK, RDR_TO_PC } from '../../../src/reader/ccid/constants.ts';
import { check, checkBytes, checkEqual, fail, type ConformanceCase } from '../../framework/case.ts';
import * as ccid from '../ccid-commands.ts';
import { checkAnswerHeader, checkOk, NEEDS_CCID } from '../ccid-checks.ts';
import { selectApdu } from '../memory-cards.ts';
import { BEHAVIOUR } from '../behaviour.ts';
import { transmitApdu, withSession } from '../session.ts';
import { READER_CAPABILITY, type ReaderTarget } from '../target.ts';

/** abProtocolDataStructure length per bProtocolNum: T=0 5 bytes, T=1 7 bytes. [CCID 1.1 §6.1.7, §6.2.3] */
const PROTOCOL_DATA_LENGTH: Readonly<Record<number, number>> = { 0: 5, 1: 7 };

const LEVELS: Readonly<Record<number, string>> = {
  0: 'character',
  [FEATURE.levelTpdu]: 'TPDU',
  [FEATURE.levelShortApdu]: 'short APDU',
  [FEATURE.levelExtendedApdu]: 'short and extended APDU',
};

/** A short APDU exchange is 10 header bytes + 5 + 255 command bytes (or 256 + 2 answer bytes): 271 at least. */
const SHORT_APDU_MESSAGE_LENGTH = 271;

export const ccidParameterCases: ConformanceCase<ReaderTarget>[] = [
  {
    id: 'READER-PARAM-001',
    clause: 'CCID 1.1 §6.1.5 (GetParameters), §6.2.3 (RDR_to_PC_Parameters: bProtocolNum, 5 bytes for T=0, 7 for T=1)',
    title: 'GetParameters on a powered card answers Parameters with a protocol number and the structure of its length, or is refused (recorded)',
    tags: ['ccid', 'parameters'],
    requires: NEEDS_CCID,
    async run(context) {
      await withSession(context, async ({ link, slot, evidence }) => {
        checkOk(await link.exchange(ccid.iccPowerOn(slot)), 'IccPowerOn');
        const exchange = await link.exchange(ccid.getParameters(slot));
        checkAnswerHeader(exchange, 'GetParameters');
        checkEqual(exchange.answer.type, RDR_TO_PC.Parameters, 'answer type to GetParameters, taken or refused (table 6.1-1)');
        if (exchange.answer.commandStatus === COMMAND_STATUS.failed) {
          // A memory card has no T=0/T=1 parameters: ACS readers that refuse SetParameters for it (PARAM-002) may refuse this too.
          evidence.note(`${BEHAVIOUR}GetParameters refused with bError ${hexByte(exchange.answer.error)}`);
          return;
        }
        checkOk(exchange, 'GetParameters');
        const protocol = exchange.answer.specific[2];
        const length = PROTOCOL_DATA_LENGTH[protocol];
        if (length === undefined) fail(`GetParameters: bProtocolNum ${protocol}, expected 0 (T=0) or 1 (T=1)`);
        checkEqual(exchange.answer.data.length, length, `abProtocolDataStructure length for T=${protocol}`);
      });
    },
  },
  {
    id: 'READER-PARAM-002',
    clause: 'CCID 1.1 §6.1.7 (SetParameters), ACR38U-CCID quirk (pcsc-lite issue #103: SetParameters refused for memory cards)',
    title: 'SetParameters with the current T=0 parameters is taken or refused (both seen on real readers; the certificate says which), and the card still answers',
    tags: ['ccid', 'parameters'],
    requires: NEEDS_CCID,
    async run(context) {
      await withSession(context, async ({ link, slot, evidence, target }) => {
        checkOk(await link.exchange(ccid.iccPowerOn(slot)), 'IccPowerOn');
        const current = await link.exchange(ccid.getParameters(slot));
        const currentIsT0 = current.answer.commandStatus === COMMAND_STATUS.ok && current.answer.specific[2] === 0;
        const t0 = currentIsT0 ? current.answer.data : ccid.DEFAULT_T0_PARAMETERS;
        const exchange = await link.exchange(ccid.setParameters(slot, 0, t0));
        checkAnswerHeader(exchange, 'SetParameters');
        checkEqual(exchange.answer.type, RDR_TO_PC.Parameters, 'answer type to SetParameters');
        if (exchange.answer.commandStatus === COMMAND_STATUS.ok) {
          evidence.note(`${BEHAVIOUR}SetParameters taken; parameters now ${toHex(exchange.answer.data)}`);
          checkEqual(exchange.answer.specific[2], 0, 'bProtocolNum after setting T=0');
        } else if (exchange.answer.commandStatus === COMMAND_STATUS.failed) {
          const quirk = '(the ACR38U-CCID memory-card quirk, pcsc-lite #103)';
          evidence.note(`${BEHAVIOUR}SetParameters refused with bError ${hexByte(exchange.answer.error)} ${quirk}`);
        } else fail('SetParameters answered a time extension as its final answer');
        const response = await transmitApdu(link, slot, selectApdu(target.cardType));
        checkBytes(response, Uint8Array.of(0x90, 0x00), 'SELECT_CARD_TYPE after SetParameters (the card still answers)');
      });
    },
  },
  {
    id: 'READER-DESC-001',
    clause: 'CCID 1.1 §5.1 table 5.1-1 (class descriptor fields, dwFeatures exchange level, dwMaxCCIDMessageLength)',
    title: 'the class descriptor is sane: CCID 1.0/1.1, every slot up to bMaxSlotIndex answers, one exchange level, message length room for a short APDU',
    tags: ['ccid', 'descriptor'],
    // A serial port knows only stbpay's table for the reader model: checking it would check ourselves.
    requires: [...NEEDS_CCID, READER_CAPABILITY.deviceDescriptor],
    async run(context) {
      await withSession(context, async ({ link, evidence }) => {
        const d = link.descriptor;
        const level = d.dwFeatures & FEATURE_LEVEL_MASK;
        evidence.note(
          [
            `descriptor: bcdCCID ${d.bcdCCID.toString(16)}`,
            `bMaxSlotIndex ${d.bMaxSlotIndex}`,
            `dwProtocols ${d.dwProtocols}`,
            `dwFeatures ${d.dwFeatures.toString(16).padStart(8, '0')} (${LEVELS[level] ?? 'no single level'})`,
            `dwMaxCCIDMessageLength ${d.dwMaxCCIDMessageLength}`,
            `bMaxCCIDBusySlots ${d.bMaxCCIDBusySlots}`,
          ].join(', '),
        );
        check(d.bcdCCID === 0x0100 || d.bcdCCID === 0x0110, `bcdCCID ${d.bcdCCID.toString(16)}, expected 100 or 110`);
        check(d.bVoltageSupport !== 0 && (d.bVoltageSupport & ~0x07) === 0, `bVoltageSupport ${d.bVoltageSupport}: bits 0-2 only, at least one`);
        check(d.dwProtocols !== 0 && (d.dwProtocols & ~0x03) === 0, `dwProtocols ${d.dwProtocols}: T=0 and/or T=1 only`);
        check(d.dwDefaultClock <= d.dwMaximumClock, `dwDefaultClock ${d.dwDefaultClock} above dwMaximumClock ${d.dwMaximumClock}`);
        check(d.dwDataRate <= d.dwMaxDataRate, `dwDataRate ${d.dwDataRate} above dwMaxDataRate ${d.dwMaxDataRate}`);
        check(LEVELS[level] !== undefined, `dwFeatures ${d.dwFeatures.toString(16)} names more than one exchange level`);
        if (level === FEATURE.levelShortApdu || level === FEATURE.levelExtendedApdu || level === FEATURE.levelTpdu) {
          check(
            d.dwMaxCCIDMessageLength >= SHORT_APDU_MESSAGE_LENGTH,
            `dwMaxCCIDMessageLength ${d.dwMaxCCIDMessageLength} below ${SHORT_APDU_MESSAGE_LENGTH}, too small for a short APDU at ${LEVELS[level]} level`,
          );
        }
        check(d.bMaxCCIDBusySlots >= 1 && d.bMaxCCIDBusySlots <= d.bMaxSlotIndex + 1, `bMaxCCIDBusySlots ${d.bMaxCCIDBusySlots} outside 1..${d.bMaxSlotIndex + 1}`);
        for (let slot = 0; slot <= d.bMaxSlotIndex; slot++) {
          const exchange = await link.exchange(ccid.getSlotStatus(slot));
          checkAnswerHeader(exchange, `GetSlotStatus of slot ${slot}`);
          checkOk(exchange, `GetSlotStatus of slot ${slot} (the descriptor says it exists)`);
        }
      });
    },
  },
];
