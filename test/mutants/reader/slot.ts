import { PC_TO_RDR } from '../../../src/reader/ccid/constants.ts';
import { mapAnswers, wrapInterrupts, wrapTransmit, type ReaderMutant } from './mutant.ts';

/** Bits 1, 3, 5, 7 of bmSlotICCState: the changed bits of four slots. [CCID 1.1 §6.3.1] */
const CHANGED_BITS = 0xaa;

/** Faulty slot handling: card-movement notifications, the ATR, and the T=0 answers the slot gives. */
export const slotMutants: ReaderMutant[] = [
  {
    name: 'slot-change-lost',
    breaks: 'CCID 1.1 §6.3.1: card movement is reported with RDR_to_PC_NotifySlotChange (this reader sends none)',
    aims: ['READER-NOTIFY-001'],
    mutate: (emulator) => wrapInterrupts(emulator, () => undefined),
  },
  {
    name: 'changed-bit-never-cleared',
    breaks: 'CCID 1.1 §6.3.1: the changed bit means "changed since the last notification" (this reader never clears it)',
    aims: ['READER-NOTIFY-001'],
    profile: 'dual-slot',
    mutate: (emulator) => {
      let seen = 0;
      wrapInterrupts(emulator, (message) => {
        const out = Uint8Array.from(message);
        seen |= (out[1] ?? 0) & CHANGED_BITS;
        out[1] = (out[1] ?? 0) | seen;
        return out;
      });
    },
  },
  {
    name: 'changed-bit-always-set',
    breaks: 'CCID 1.1 §6.3.1: only slots that changed have the changed bit (this reader sets it for every slot)',
    aims: ['READER-NOTIFY-001'],
    profile: 'dual-slot',
    mutate: (emulator) => wrapInterrupts(emulator, (message) => Uint8Array.from(message, (b, i) => (i === 0 ? b : b | CHANGED_BITS))),
  },
  {
    name: 'truncated-atr',
    breaks: 'ISO/IEC 7816-3 §8.2.2: the ATR has the K historical bytes T0 announces (this reader drops the last one)',
    aims: ['READER-ATR-001'],
    mutate: (emulator) => mapAnswers(emulator, PC_TO_RDR.IccPowerOn, (answer) => (answer.data.length > 2 ? { ...answer, data: answer.data.slice(0, -1) } : answer)),
  },
  {
    name: 'atr-of-another-card',
    breaks: 'card datasheet ATR: the historical bytes are the chip\'s answer to reset (this reader reports FF FF FF FF)',
    aims: ['READER-ATR-002'],
    mutate: (emulator) => mapAnswers(emulator, PC_TO_RDR.IccPowerOn, (answer) => (answer.data.length === 6 ? { ...answer, data: Uint8Array.of(0x3b, 0x04, 0xff, 0xff, 0xff, 0xff) } : answer)),
  },
  {
    name: 'lc-mismatch-answered-ok',
    breaks: 'ISO/IEC 7816-4 §5.6: a command whose Lc disagrees with its data is not processed (this reader answers 90 00 to FF A4 00 00 02 with one data byte)',
    aims: ['READER-T0-004'],
    mutate: (emulator) => wrapTransmit(emulator, (apdu, response) => (apdu.length === 6 && apdu[1] === 0xa4 && apdu[4] === 0x02 ? Uint8Array.of(0x90, 0x00) : response)),
  },
  {
    name: 'atr-changes-between-resets',
    breaks: 'ISO/IEC 7816-3 §6.2: the card answers every reset alike (this reader counts resets in the last ATR byte)',
    aims: ['READER-ATR-003'],
    mutate: (emulator) => {
      let resets = 0;
      mapAnswers(emulator, PC_TO_RDR.IccPowerOn, (answer) => {
        if (answer.data.length === 0) return answer;
        const data = Uint8Array.from(answer.data);
        data[data.length - 1] = (data[data.length - 1]! + resets++) & 0xff;
        return { ...answer, data };
      });
    },
  },
];
