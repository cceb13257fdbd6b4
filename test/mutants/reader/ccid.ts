import { CCID_HEADER_LENGTH, COMMAND_STATUS, ICC_STATUS, PC_TO_RDR, RDR_TO_PC } from '../../../src/reader/ccid/constants.ts';
import { statusByte } from '../../../src/reader/ccid/message.ts';
import type { ReaderProfile } from '../../../simulators/reader/profiles.ts';
import { mapAnswers, withByte, wrapHandle, type ReaderMutant } from './mutant.ts';

/** Faulty CCID message layers: header fields, error answers, abort. */
export const ccidMutants: ReaderMutant[] = [
  {
    name: 'seq-not-echoed',
    breaks: 'CCID 1.1 §6.2: bSeq of an answer echoes the command (this reader answers bSeq + 1)',
    aims: ['READER-CCID-001', 'READER-CCID-002', 'READER-CCID-003'],
    mutate: (emulator) => mapAnswers(emulator, undefined, (answer) => ({ ...answer, seq: (answer.seq + 1) & 0xff })),
  },
  {
    name: 'seq-wrap-broken',
    breaks: 'CCID 1.1 §6.1: bSeq counts modulo 256 (once this reader has seen bSeq 255 its counter sticks at FF: every later answer says FF)',
    aims: ['READER-CCID-003'],
    mutate: (emulator) => {
      let wrapped = false;
      mapAnswers(emulator, undefined, (answer, request) => {
        if (wrapped) return { ...answer, seq: 0xff };
        if (request[6] === 0xff) wrapped = true;
        return answer;
      });
    },
  },
  {
    name: 'dwlength-off-by-one',
    breaks: 'CCID 1.1 §6.2: dwLength is the length of abData (this reader counts one byte more)',
    aims: ['READER-CCID-001'],
    mutate: (emulator) =>
      wrapHandle(emulator, (_request, answers) =>
        answers.map((answer) => {
          const out = Uint8Array.from(answer);
          new DataView(out.buffer).setUint32(1, answer.length - CCID_HEADER_LENGTH + 1, true);
          return out;
        }),
      ),
  },
  {
    name: 'power-off-answered-as-data-block',
    breaks: 'CCID 1.1 table 6.1-1: IccPowerOff is answered with RDR_to_PC_SlotStatus (this reader sends DataBlock)',
    aims: ['READER-CCID-001', 'READER-CCID-002'],
    mutate: (emulator) => mapAnswers(emulator, PC_TO_RDR.IccPowerOff, (answer) => ({ ...answer, type: RDR_TO_PC.DataBlock })),
  },
  {
    name: 'escape-answered-as-slot-status',
    breaks: 'CCID 1.1 table 6.1-1: Escape is answered with RDR_to_PC_Escape (this reader sends SlotStatus)',
    aims: ['READER-CCID-001', 'READER-CCID-002'],
    mutate: (emulator) => mapAnswers(emulator, PC_TO_RDR.Escape, (answer) => ({ ...answer, type: RDR_TO_PC.SlotStatus })),
  },
  {
    name: 'unsupported-answered-ok',
    breaks: 'CCID 1.1 §6.2.6: a command the reader does not support fails with bError 00 (this reader reports success)',
    aims: ['READER-CCID-004'],
    mutate: (emulator) =>
      mapAnswers(emulator, undefined, (answer) =>
        answer.specific[0] >> 6 === COMMAND_STATUS.failed && answer.specific[1] === 0 ? withByte(answer, 7, answer.specific[0] & 0x03) : answer,
      ),
  },
  {
    name: 'bad-slot-served-as-slot-0',
    breaks: 'CCID 1.1 §6.2.6: a bSlot past bMaxSlotIndex fails with bError 05 (this reader serves slot 0 and says so)',
    aims: ['READER-CCID-005'],
    mutate: (emulator) => {
      const maxSlot = emulator.profile.descriptor.bMaxSlotIndex;
      wrapHandle(
        emulator,
        (_request, answers) => answers,
        (message) => ((message[5] ?? 0) > maxSlot ? Uint8Array.from(message, (b, i) => (i === 5 ? 0 : b)) : message),
      );
    },
  },
  {
    name: 'trailing-bytes-answered-twice',
    breaks: 'CCID 1.1 §6.1: one command, one answer (this reader answers a message with bytes beyond dwLength, then answers the trailing bytes again as a command of their own)',
    aims: ['READER-CCID-006'],
    mutate: (emulator) =>
      wrapHandle(emulator, (request, answers) => {
        const trailing = request.length - CCID_HEADER_LENGTH - new DataView(request.buffer, request.byteOffset).getUint32(1, true);
        return trailing > 0 ? [...answers, ...answers] : answers;
      }),
  },
  {
    name: 'getparameters-wrong-structure',
    breaks: 'CCID 1.1 §6.2.3: RDR_to_PC_Parameters for T=0 carries a 5-byte abProtocolDataStructure (this reader sends 4)',
    aims: ['READER-PARAM-001'],
    mutate: (emulator) =>
      mapAnswers(emulator, PC_TO_RDR.GetParameters, (answer) => (answer.data.length === 5 ? { ...answer, data: answer.data.slice(0, 4) } : answer)),
  },
  {
    name: 'descriptor-maxmessage-too-small',
    breaks: 'CCID 1.1 §5.1: dwMaxCCIDMessageLength leaves room for a short APDU, 271 bytes (this reader declares 200)',
    aims: ['READER-DESC-001'],
    // The class descriptor comes from the profile: this reader's profile is the default one with a smaller message length.
    mutate: (emulator) => {
      const profile: ReaderProfile = { ...emulator.profile, descriptor: { ...emulator.profile.descriptor, dwMaxCCIDMessageLength: 200 } };
      Object.assign(emulator, { profile });
    },
  },
  {
    name: 'abort-ignored',
    breaks: 'CCID 1.1 §5.3.1: the ABORT control request pairs with PC_to_RDR_Abort (this reader ignores the request, so the bulk Abort never completes)',
    aims: ['READER-CCID-007'],
    mutate: (emulator) => {
      emulator.controlAbort = () => undefined;
    },
  },
  {
    name: 'set-parameters-answered-as-slot-status',
    breaks: 'CCID 1.1 table 6.1-1: SetParameters is answered with RDR_to_PC_Parameters, taken or refused (this reader sends SlotStatus)',
    aims: ['READER-PARAM-002'],
    mutate: (emulator) => mapAnswers(emulator, PC_TO_RDR.SetParameters, (answer) => ({ ...answer, type: RDR_TO_PC.SlotStatus, data: new Uint8Array(0) })),
  },
  {
    name: 'icc-active-after-power-off',
    breaks: 'CCID 1.1 §6.2.6: after IccPowerOff bmICCStatus is 1, present and inactive (this reader keeps saying 0, active)',
    aims: ['READER-POWER-001'],
    mutate: (emulator) =>
      mapAnswers(emulator, undefined, (answer) =>
        (answer.specific[0] & 0x03) === ICC_STATUS.presentInactive ? withByte(answer, 7, statusByte(ICC_STATUS.presentActive, (answer.specific[0] >> 6) as 0 | 1 | 2)) : answer,
      ),
  },
  {
    name: 'unpowered-xfr-answered',
    breaks: 'CCID 1.1 §6.2.6: XfrBlock to an unpowered card fails with bError FE, ICC mute (this reader answers 90 00 as if it were powered)',
    aims: ['READER-POWER-003'],
    mutate: (emulator) =>
      mapAnswers(emulator, PC_TO_RDR.XfrBlock, (answer) =>
        answer.specific[0] >> 6 === COMMAND_STATUS.failed && answer.specific[1] === 0xfe
          ? { ...answer, specific: [statusByte(ICC_STATUS.presentActive, COMMAND_STATUS.ok), 0, 0], data: Uint8Array.of(0x90, 0x00) }
          : answer,
      ),
  },
];
