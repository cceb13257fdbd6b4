import { toHex } from '../../../src/core/hex.ts';
import { check, checkBytes, checkEqual, fail, notApplicable, type ConformanceCase } from '../../framework/case.ts';
import { BEHAVIOUR } from '../behaviour.ts';
import { MEMORY_CARD_APDUS } from '../memory-cards.ts';
import { withSession } from '../session.ts';
import { READER_CAPABILITY, type ReaderTarget } from '../target.ts';

const NEEDS_ATR = [READER_CAPABILITY.atr];

/** The parts of an ATR as ISO/IEC 7816-3 §8.2 lays them out. */
interface ParsedAtr {
  readonly ts: number;
  readonly historical: Uint8Array;
  /** Interface bytes TA1, TB1, ... in order. */
  readonly interfaceBytes: number;
  readonly hasTck: boolean;
  /** Bytes the structure accounts for; the ATR is well-formed when this equals its length. */
  readonly expectedLength: number;
}

/** Walks T0 and the TDi chain (ISO/IEC 7816-3 §8.2.2, §8.2.3); TCK is present when a TDi names a protocol other than T=0. */
function parseAtr(atr: Uint8Array): ParsedAtr {
  if (atr.length < 2) fail(`ATR ${toHex(atr) || '(none)'} is shorter than TS and T0`);
  const k = atr[1]! & 0x0f;
  let y = atr[1]! >> 4;
  let index = 2;
  let interfaceBytes = 0;
  let hasTck = false;
  for (;;) {
    const count = [1, 2, 4, 8].filter((bit) => (y & bit) !== 0).length;
    const tdIndex = index + count - 1;
    interfaceBytes += count;
    index += count;
    if ((y & 0x8) === 0) break;
    const td = atr[tdIndex];
    if (td === undefined) break;
    if ((td & 0x0f) !== 0) hasTck = true;
    y = td >> 4;
  }
  const expectedLength = 2 + interfaceBytes + k + (hasTck ? 1 : 0);
  return { ts: atr[0]!, historical: atr.slice(2 + interfaceBytes, 2 + interfaceBytes + k), interfaceBytes, hasTck, expectedLength };
}

/** ACS's USB vendor id: ACS readers report a synchronous card as `3B 0K` + the chip's K bytes. */
const ACS_VENDOR_ID = 0x072f;

/**
 * Whether the reader is an ACS one, whose layout for synchronous cards is known: by USB vendor id
 * (real USB readers and the emulator's ACS profiles), or by the PC/SC reader name libccid gives it.
 */
function isAcsReader(target: ReaderTarget): boolean {
  return target.reader.vendorId === ACS_VENDOR_ID || (target.reader.transport === 'pcsc' && /^ACS /.test(target.reader.name));
}

/** Where `run` starts in `bytes` as a contiguous run, or -1. */
function indexOfRun(bytes: Uint8Array, run: Uint8Array): number {
  for (let i = 0; i + run.length <= bytes.length; i++) if (run.every((b, j) => bytes[i + j] === b)) return i;
  return -1;
}

export const atrCases: ConformanceCase<ReaderTarget>[] = [
  {
    id: 'READER-ATR-001',
    clause:
      'ISO/IEC 7816-3 §8.1 (TS 3B direct convention), §8.2.2 (T0: Y1 and K); on ACS readers a synchronous card as `3B 0K` + the chip\'s K bytes ' +
      '(ACR38U trace in pcsc-tools issue #46; docs/reader/pseudo-apdus.md §ATR). Other readers lay it out their own way ' +
      '(pcsc-tools smartcard_list.txt: 3B 85 80 01 01 A2 13 10 91 35), recorded as behaviour',
    title: 'the ATR starts with TS 3B and its length is what T0 and the TDi chain announce; on ACS readers a synchronous card\'s is 3B 0K + K chip bytes',
    tags: ['atr'],
    requires: NEEDS_ATR,
    async run(context) {
      await withSession(context, async ({ resetCard, target, evidence }) => {
        const atr = await resetCard();
        checkEqual(atr[0] ?? -1, 0x3b, 'TS (direct convention)');
        const parsed = parseAtr(atr);
        check(parsed.expectedLength === atr.length, `ATR ${toHex(atr)}: T0 and the interface bytes announce ${parsed.expectedLength} bytes, the reader sent ${atr.length}`);
        const chip = MEMORY_CARD_APDUS[target.cardType].chipAtr;
        if (!chip) return;
        if (isAcsReader(target)) {
          checkEqual(parsed.interfaceBytes, 0, `interface bytes in the ATR ${toHex(atr)} of a synchronous card on an ACS reader`);
          checkEqual(atr[1] ?? -1, chip.bytes.length, `T0 of the ATR ${toHex(atr)} (no interface bytes, K = ${chip.bytes.length} chip bytes)`);
        } else {
          const layout = parsed.interfaceBytes === 0 ? `T0 ${toHex(atr.slice(1, 2))}, no interface bytes` : `${parsed.interfaceBytes} interface bytes`;
          evidence.note(`${BEHAVIOUR}ATR of the synchronous card laid out by the reader itself: ${toHex(atr)} (${layout}, ${parsed.historical.length} historical bytes)`);
        }
      });
    },
  },
  {
    id: 'READER-ATR-002',
    clause: 'card datasheet answer-to-reset: the chip bytes appear in the historical bytes (docs/reader/pseudo-apdus.md §ATR; pcsc-tools smartcard_list.txt)',
    title: 'the historical bytes hold the stated card type\'s own answer to reset',
    tags: ['atr'],
    requires: NEEDS_ATR,
    async run(context) {
      const chip = MEMORY_CARD_APDUS[context.target.cardType].chipAtr;
      if (!chip) {
        notApplicable(`the ${context.target.cardType} has no answer-to-reset of its own (docs/cards/${context.target.cardType.toLowerCase()}.md): the reader's ATR is its own choice`);
      }
      await withSession(context, async ({ resetCard, evidence }) => {
        const atr = await resetCard();
        evidence.note(`expected chip ATR ${toHex(chip.bytes)}: ${chip.source}`);
        const { historical } = parseAtr(atr);
        const at = indexOfRun(historical, chip.bytes);
        check(at >= 0, `historical bytes ${toHex(historical) || '(none)'} of ${toHex(atr)} do not hold the ${context.target.cardType} chip bytes ${toHex(chip.bytes)}`);
        if (historical.length !== chip.bytes.length) evidence.note(`${BEHAVIOUR}chip bytes at historical byte ${at + 1} of ${historical.length}`);
      });
    },
  },
  {
    id: 'READER-ATR-003',
    clause: 'ISO/IEC 7816-3 §6.2.2 (cold reset), §6.2.3 (warm reset): the card answers the same each time',
    title: 'the ATR is the same after three cold resets and a warm reset',
    tags: ['atr'],
    requires: NEEDS_ATR,
    async run(context) {
      await withSession(context, async ({ resetCard, hasCcid }) => {
        const first = await resetCard('cold');
        for (let i = 2; i <= 3; i++) checkBytes(await resetCard('cold'), first, `ATR after cold reset ${i}`);
        if (hasCcid) checkBytes(await resetCard('warm'), first, 'ATR after a warm reset (IccPowerOn on a powered card)');
      });
    },
  },
];
