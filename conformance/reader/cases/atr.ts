import { toHex } from '../../../src/core/hex.ts';
import { check, checkBytes, checkEqual, fail, notApplicable, type ConformanceCase } from '../../framework/case.ts';
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

export const atrCases: ConformanceCase<ReaderTarget>[] = [
  {
    id: 'READER-ATR-001',
    clause: 'ISO/IEC 7816-3 §8.1 (TS 3B direct convention), §8.2.2 (T0: Y1 and K); synchronous cards as `3B 04` + the chip\'s 4 bytes (ACR38U trace in pcsc-tools issue #46; docs/reader/pseudo-apdus.md §ATR)',
    title: 'the ATR starts with TS 3B, its length is what T0 and the TDi chain announce, and a synchronous card\'s is 3B 0K + K chip bytes',
    tags: ['atr'],
    requires: NEEDS_ATR,
    async run(context) {
      await withSession(context, async ({ resetCard, target }) => {
        const atr = await resetCard();
        checkEqual(atr[0] ?? -1, 0x3b, 'TS (direct convention)');
        const parsed = parseAtr(atr);
        check(parsed.expectedLength === atr.length, `ATR ${toHex(atr)}: T0 and the interface bytes announce ${parsed.expectedLength} bytes, the reader sent ${atr.length}`);
        const chip = MEMORY_CARD_APDUS[target.cardType].chipAtr;
        if (chip) {
          checkEqual(parsed.interfaceBytes, 0, `interface bytes in the ATR ${toHex(atr)} of a synchronous card`);
          checkEqual(atr[1] ?? -1, chip.bytes.length, `T0 of the ATR ${toHex(atr)} (no interface bytes, K = ${chip.bytes.length} chip bytes)`);
        }
      });
    },
  },
  {
    id: 'READER-ATR-002',
    clause: 'card datasheet answer-to-reset (the chip bytes become the historical bytes, docs/reader/pseudo-apdus.md §ATR)',
    title: 'the historical bytes are the stated card type\'s own answer to reset',
    tags: ['atr'],
    requires: NEEDS_ATR,
    async run(context) {
      const chip = MEMORY_CARD_APDUS[context.target.cardType].chipAtr;
      if (!chip) notApplicable(`the ${context.target.cardType} has no answer-to-reset of its own (docs/cards/${context.target.cardType.toLowerCase()}.md): the reader's ATR is its own choice`);
      await withSession(context, async ({ resetCard, evidence }) => {
        const atr = await resetCard();
        evidence.note(`expected chip ATR ${toHex(chip.bytes)}: ${chip.source}`);
        checkBytes(parseAtr(atr).historical, chip.bytes, `historical bytes of ${toHex(atr)} for a ${context.target.cardType}`);
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
