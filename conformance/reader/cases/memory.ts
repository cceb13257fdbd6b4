import type { CardType } from '../../../src/cards/card-type.ts';
import { hexByte, toHex } from '../../../src/core/hex.ts';
import { splitResponse } from '../../../src/reader/apdu.ts';
import { check, checkBytes, checkEqual, fail, inconclusive, type ConformanceCase } from '../../framework/case.ts';
import { attemptsIn, attemptsInClockOrder, clauseFor, isProtected, MEMORY_CARD_APDUS, type MemoryCardApdus } from '../memory-cards.ts';
import { BEHAVIOUR } from '../behaviour.ts';
import { withSession, type CaseSession } from '../session.ts';
import { cardCapability, READER_CAPABILITY, type ReaderTarget } from '../target.ts';
import { byteState, knownCode, OK, okData, presentStatedCode, readCounter, restoreOrNote, selected, withCode } from './memory-steps.ts';

/** Access-register bits of the AT88SC153/1608 (0 = restriction on); bit 3 is the password set, no restriction. [docs/cards/at88sc153.md] */
const ACCESS_BITS: readonly (readonly [number, string])[] = [
  [7, 'WPE: writing needs the write password'],
  [6, 'RPE: reading needs a password'],
  [5, 'ATE: authentication'],
  [4, 'AOW: writing needs authentication'],
  [2, 'WLM: write lock'],
  [1, 'MDF: modify forbidden'],
  [0, 'PGO: program only'],
];

/** The cases for one card type; each applies only when the target states that card type. */
export function memoryCases(type: CardType): ConformanceCase<ReaderTarget>[] {
  const spec = MEMORY_CARD_APDUS[type];
  const card = cardCapability(type);
  const id = (n: number): string => `READER-${type}-${String(n).padStart(3, '0')}`;
  const tags = ['memory', type.toLowerCase()];
  const cases: ConformanceCase<ReaderTarget>[] = [
    {
      id: id(1),
      clause: clauseFor(spec, `SELECT_CARD_TYPE (FF A4 00 00 01 ${hexByte(spec.selectCode)})`),
      title: `selecting the ${type} card type answers 90 00, and again when selected twice`,
      tags,
      requires: [card, READER_CAPABILITY.apdu],
      async run(context) {
        await withSession(context, async (session) => {
          await selected(session);
          await selected(session);
        });
      },
    },
    readCase(spec, id(2), tags, card),
    ...codeCases(spec, id, tags, card),
    ...writeCases(spec, id, tags, card),
    ...protectionCases(spec, id, tags, card),
    {
      id: id(10),
      clause: clauseFor(spec, 'SELECT_CARD_TYPE of another card type, then of this one'),
      title: `a select of another card type with the ${type} in the slot is answered (the answer is recorded), and the ${type} selects with 90 00 after it`,
      tags: [...tags, 'writes'],
      // Selecting another type drives that chip's protocol on this card: only on throw-away cards or with writes allowed.
      requires: [card, READER_CAPABILITY.apdu, READER_CAPABILITY.writes],
      async run(context) {
        await withSession(context, async (session) => {
          await selected(session);
          const other = spec.selectCode === 0x06 ? 0x05 : 0x06;
          const response = await session.apdu.transmit(Uint8Array.of(0xff, 0xa4, 0, 0, 1, other));
          session.evidence.note(`${BEHAVIOUR}SELECT_CARD_TYPE ${hexByte(other)} with the ${type} in the slot answered ${toHex(response)}`);
          await selected(session);
        });
      },
    },
  ];
  return cases;
}

function readCase(spec: MemoryCardApdus, id: string, tags: string[], card: string): ConformanceCase<ReaderTarget> {
  const known = spec.knownContent;
  return {
    id,
    clause: clauseFor(spec, 'READ_MEMORY_CARD'),
    title: `reading 16 bytes answers 16 bytes and 90 00, the same twice, and the same as two reads of 8${known ? `; ${known.what} read as documented` : ''}`,
    tags,
    requires: [card, READER_CAPABILITY.apdu],
    async run(context) {
      await withSession(context, async (session) => {
        await selected(session);
        const whole = await okData(session, spec.read(0, 16), 'READ 16 bytes from 0');
        checkEqual(whole.length, 16, 'bytes read');
        checkBytes(await okData(session, spec.read(0, 16), 'READ again'), whole, 'second read of the same bytes');
        const halves = [...(await okData(session, spec.read(0, 8), 'READ 0..7')), ...(await okData(session, spec.read(8, 8), 'READ 8..15'))];
        checkBytes(Uint8Array.from(halves), whole, 'two reads of 8 bytes');
        // Length and repeatability say nothing of content: a reader answering zeros for every read has both.
        if (!known) return;
        const bytes = await okData(session, known.read, `READ ${known.what}`);
        const same = bytes.length === known.bytes.length && bytes.every((b, i) => b === known.bytes[i]);
        if (same) return;
        const what = `${known.what}: expected ${toHex(known.bytes)}, read ${toHex(bytes) || '(none)'} (${known.source})`;
        if (!known.placeVerified) inconclusive(`${what}; where the documents put these bytes is unverified, so the reader is not failed on it`);
        fail(what);
      });
    },
  };
}

function codeCases(spec: MemoryCardApdus, id: (n: number) => string, tags: string[], card: string): ConformanceCase<ReaderTarget>[] {
  const counter = spec.counterInMemory;
  if (counter) {
    return [
      {
        id: id(3),
        clause: clauseFor(spec, `READ_MEMORY_CARD of the ${counter.name} attempts counter, the first bit as the LSB (§9.3.9.3)`),
        title: `the ${counter.name} attempts counter reads with 90 00 and decodes, first bit first, to 0..${counter.countedBits} attempts spent from the first bit on; a fresh card has all ${counter.countedBits}`,
        tags: [...tags, 'code'],
        requires: [card, READER_CAPABILITY.apdu],
        async run(context) {
          await withSession(context, async (session) => {
            await selected(session);
            const bytes = await okData(session, counter.read, `READ ${counter.name}`);
            checkEqual(bytes.length, counter.read[4]!, `${counter.name} bytes`);
            const attempts = attemptsInClockOrder(bytes, counter.countedBits);
            if (attempts === undefined) {
              fail(`${counter.name} ${toHex(bytes)}: its first ${counter.countedBits} bits (bit 0 of the first byte first) have a spent bit after an unspent one, which the chip never writes (${counter.source}); a reader sending the bits MSB first shows this`);
            }
            session.evidence.note(`${counter.name} ${toHex(bytes)}: ${attempts} of ${counter.countedBits} attempt(s) left`);
            // With card control the session starts with a factory-fresh card.
            if (session.hasCards) checkEqual(attempts, counter.countedBits, `attempts on a factory-fresh card (${counter.source})`);
          });
        },
      },
    ];
  }
  if (!spec.code) return [];
  const code = spec.code;
  const cases: ConformanceCase<ReaderTarget>[] = [
    {
      id: id(3),
      clause: clauseFor(spec, 'READ_PRESENTATION_ERROR_COUNTER'),
      title: `the ${code.name} attempts counter reads with 90 00 and is one bit per attempt at most ${attemptsIn(code.fullCounter)}; a fresh card has every attempt`,
      tags: [...tags, 'code'],
      requires: [card, READER_CAPABILITY.apdu],
      async run(context) {
        await withSession(context, async (session) => {
          await selected(session);
          const value = await readCounter(session, code);
          check((value & ~code.fullCounter) === 0, `counter ${hexByte(value)} has bits outside ${hexByte(code.fullCounter)}`);
          session.evidence.note(`counter ${hexByte(value)}: ${attemptsIn(value)} attempt(s) left`);
          // With card control the session starts with a factory-fresh card.
          if (session.hasCards) checkEqual(value, code.fullCounter, 'counter of a factory-fresh card');
        });
      },
    },
    {
      id: id(4),
      clause: clauseFor(spec, 'PRESENT_CODE_MEMORY_CARD (response 90 <error counter>)'),
      title: `the stated ${code.name} answers 90 ${hexByte(code.fullCounter)}, then a wrong one 90 with the counter one attempt down, the right one 90 ${hexByte(code.fullCounter)} again, and the counter reads the same`,
      tags: [...tags, 'code', 'writes'],
      requires: [card, READER_CAPABILITY.apdu, READER_CAPABILITY.writes, READER_CAPABILITY.knownCode],
      async run(context) {
        await withSession(context, async (session) => {
          await selected(session);
          const before = await readCounter(session, code);
          // Only a card with every attempt left spends one on a wrong code: the right one then has at least two.
          if (before !== code.fullCounter) inconclusive(`the counter reads ${hexByte(before)}, not ${hexByte(code.fullCounter)}: the case spends an attempt only on a card that has them all`);
          // The stated code first: if it is wrong, the card loses one attempt, not two.
          await presentStatedCode(session, code);
          checkEqual(await readCounter(session, code), code.fullCounter, 'counter read after the stated code');
          const right = knownCode(session);
          const wrong = right.map((b, i) => (i === right.length - 1 ? b ^ 0xff : b));
          const afterWrong = await session.transmitCode(code.present(wrong), code.length);
          check(afterWrong.length === 2 && afterWrong[0] === 0x90, `answer to a wrong ${code.name}: ${toHex(afterWrong)}, expected 90 <counter>`);
          const reported = afterWrong[1]!;
          checkEqual(attemptsIn(reported), attemptsIn(before) - 1, `attempts in the counter the reader reported (${hexByte(reported)}) after a wrong code`);
          checkEqual(await readCounter(session, code), reported, 'counter read after the wrong code (the one reported)');
          checkBytes(await session.transmitCode(code.present(right), code.length), Uint8Array.of(0x90, code.fullCounter), `answer to the right ${code.name}`);
          checkEqual(await readCounter(session, code), code.fullCounter, 'counter read after the right code');
        });
      },
    },
  ];
  if (code.change) {
    const change = code.change;
    cases.push({
      id: id(5),
      clause: clauseFor(spec, 'CHANGE_CODE_MEMORY_CARD ("the current secret code must have been presented")'),
      title: `after the right ${code.name}, changing it takes, the new code verifies, and changing it back restores the card`,
      tags: [...tags, 'code', 'writes'],
      requires: [card, READER_CAPABILITY.apdu, READER_CAPABILITY.writes, READER_CAPABILITY.knownCode],
      async run(context) {
        await withSession(context, async (session) => {
          await selected(session);
          await presentStatedCode(session, code);
          const original = knownCode(session);
          const next = original.map((b) => b ^ 0x5a);
          const changedCode = `the ${code.name} is now the stated ${code.name} with every byte XOR 5A`;
          session.evidence.note(`changing the ${code.name} to another value (every byte XOR 5A), then back`);
          // What the card holds if the case stops here; undefined once the original is back.
          let left: string | undefined = `${changedCode}, or still the stated one (CHANGE_CODE was sent, its answer not checked)`;
          try {
            checkBytes(await session.transmitCode(change(next), code.length), OK, 'CHANGE_CODE to the new code');
            left = `${changedCode} (CHANGE_CODE to it answered 90 00)`;
            checkBytes(await session.transmitCode(code.present(next), code.length), Uint8Array.of(0x90, code.fullCounter), 'presenting the new code');
            checkBytes(await session.transmitCode(change(original), code.length), OK, 'CHANGE_CODE back');
            left = undefined;
            checkBytes(await session.transmitCode(code.present(original), code.length), Uint8Array.of(0x90, code.fullCounter), 'presenting the original code again');
          } finally {
            const state = left;
            if (state !== undefined) {
              await restoreOrNote(session, `CHANGE_CODE back to the stated ${code.name}`, () => session.transmitCode(change(original), code.length), async () => state);
            }
          }
        });
      },
    });
  }
  return cases;
}

function writeCases(spec: MemoryCardApdus, id: (n: number) => string, tags: string[], card: string): ConformanceCase<ReaderTarget>[] {
  const write = spec.write;
  if (!write) return [];
  const writing = [card, READER_CAPABILITY.apdu, READER_CAPABILITY.writes, ...(write.needsCode ? [READER_CAPABILITY.knownCode] : [])];
  const accessRegister = write.accessRegister;
  const cases: ConformanceCase<ReaderTarget>[] = [
    {
      id: id(6),
      clause: clauseFor(spec, 'WRITE_MEMORY_CARD then READ_MEMORY_CARD'),
      title: `a byte written${write.needsCode ? ' after the code' : ''} reads back as written (the original is restored)`,
      tags: [...tags, 'writes'],
      requires: writing,
      async run(context) {
        await withSession(context, async (session) => {
          await selected(session);
          if (write.needsCode) await presentStatedCode(session, withCode(spec));
          if (accessRegister) {
            // The zone's rights decide whether the write needs a password the suite does not have.
            const [ar = 0xff] = await okData(session, accessRegister.read, 'READ the access register of user zone 0');
            const restrictions = ACCESS_BITS.filter(([bit]) => ((ar >> bit) & 1) === 0).map(([, name]) => name);
            if (restrictions.length > 0) inconclusive(`the access register of user zone 0 reads ${hexByte(ar)} (${accessRegister.source}): ${restrictions.join(', ')}; the case writes only to a zone open without a password`);
          }
          const at = write.freeAddress;
          const [original = 0xff] = await okData(session, spec.read(at, 1), `READ byte ${hexByte(at)}`);
          const value = original ^ 0x5a;
          let changed = false;
          try {
            changed = true;
            checkBytes(await session.apdu.transmit(write.command(at, Uint8Array.of(value))), OK, `WRITE ${hexByte(value)} at ${hexByte(at)}`);
            checkBytes(await okData(session, spec.read(at, 1), 'READ back'), Uint8Array.of(value), `byte ${hexByte(at)} after the write`);
            checkBytes(await session.apdu.transmit(write.command(at, Uint8Array.of(original))), OK, 'WRITE the original back');
            changed = false;
            checkBytes(await okData(session, spec.read(at, 1), 'READ back the original'), Uint8Array.of(original), `byte ${hexByte(at)} after writing the original back`);
          } finally {
            if (changed) {
              await restoreOrNote(session, `WRITE the original ${hexByte(original)} back at ${hexByte(at)}`, () => session.apdu.transmit(write.command(at, Uint8Array.of(original))), () =>
                byteState(session, spec.read(at, 1), at, original),
              );
            }
          }
        });
      },
    },
  ];
  if (write.needsCode) {
    cases.push({
      id: id(7),
      clause: clauseFor(spec, 'WRITE_MEMORY_CARD (needs the code presented); stbpay reader answers 65 81 for a write not taken'),
      title: 'a write without the code is not answered 90 00 and leaves the byte as it was',
      tags: [...tags, 'writes'],
      requires: [card, READER_CAPABILITY.apdu, READER_CAPABILITY.writes],
      async run(context) {
        await withSession(context, async (session) => {
          await selected(session);
          const at = write.freeAddress;
          const [original = 0xff] = await okData(session, spec.read(at, 1), `READ byte ${hexByte(at)}`);
          const response = await session.apdu.transmit(write.command(at, Uint8Array.of(original ^ 0x5a)));
          check(splitResponse(response).sw !== 0x9000, `a write without the code was answered 90 00`);
          session.evidence.note(`${BEHAVIOUR}a write without the code refused with ${toHex(response.slice(-2))}`);
          checkBytes(await okData(session, spec.read(at, 1), 'READ back'), Uint8Array.of(original), `byte ${hexByte(at)} after the refused write`);
        });
      },
    });
  }
  return cases;
}

function protectionCases(spec: MemoryCardApdus, id: (n: number) => string, tags: string[], card: string): ConformanceCase<ReaderTarget>[] {
  const { protection, write } = spec;
  if (!protection || !write) return [];
  const writing = [card, READER_CAPABILITY.apdu, READER_CAPABILITY.writes, ...(write.needsCode ? [READER_CAPABILITY.knownCode] : [])];
  const factory = protection.factoryProtected;
  /** The protection bits, checked for length and for the bytes the card's documents say ship protected. */
  const readBits = async (session: CaseSession): Promise<Uint8Array> => {
    const bits = await okData(session, protection.read, 'READ_PROTECTION_BITS');
    checkEqual(bits.length, protection.protectedBytes / 8, 'PROT bytes');
    if (factory) {
      const writable = [...Array(factory.count).keys()].filter((b) => !isProtected(bits, b));
      if (writable.length > 0) fail(`the protection bits ${toHex(bits)} report byte(s) ${writable.map(hexByte).join(' ')} writable, which every ${spec.type} ships protected (${factory.source})`);
    }
    return bits;
  };
  return [
    {
      id: id(8),
      clause: clauseFor(spec, 'READ_PROTECTION_BITS'),
      title: `the protection bits of bytes 0..${protection.protectedBytes - 1} read with 90 00${factory ? `, bytes 0..${factory.count - 1} protected` : ''}`,
      tags: [...tags, 'protection'],
      requires: [card, READER_CAPABILITY.apdu],
      async run(context) {
        await withSession(context, async (session) => {
          await selected(session);
          const bits = await readBits(session);
          const frozen = [...Array(protection.protectedBytes).keys()].filter((b) => isProtected(bits, b));
          session.evidence.note(`protected bytes: ${frozen.map(hexByte).join(' ') || 'none'}`);
        });
      },
    },
    {
      id: id(9),
      clause: clauseFor(spec, 'WRITE_MEMORY_CARD to a protected byte; stbpay reader: a write the chip did not take is not 90 00'),
      title: 'a write to a protected byte is not answered 90 00 and the byte keeps its value (with --allow-protect a byte is protected first when none is)',
      tags: [...tags, 'protection', 'writes'],
      requires: writing,
      async run(context) {
        await withSession(context, async (session) => {
          await selected(session);
          await presentStatedCode(session, withCode(spec));
          const bits = await readBits(session);
          let target = [...Array(protection.protectedBytes).keys()].find((b) => isProtected(bits, b));
          if (target === undefined) target = await protectLastByte(session, spec);
          const [value = 0xff] = await okData(session, spec.read(target, 1), `READ protected byte ${hexByte(target)}`);
          const at = target;
          let changed = false;
          try {
            changed = true;
            const response = await session.apdu.transmit(write.command(at, Uint8Array.of(value ^ 0xff)));
            check(splitResponse(response).sw !== 0x9000, `a write to protected byte ${hexByte(at)} was answered 90 00`);
            session.evidence.note(`${BEHAVIOUR}a write to a protected byte refused with ${toHex(response.slice(-2))}`);
            checkBytes(await okData(session, spec.read(at, 1), 'READ back'), Uint8Array.of(value), `protected byte ${hexByte(at)} after the write`);
            changed = false;
          } finally {
            // The byte may not have been protected after all (a reader misreporting the bits): put its value back.
            if (changed) {
              await restoreOrNote(session, `WRITE the byte's value ${hexByte(value)} back at ${hexByte(at)}`, () => session.apdu.transmit(write.command(at, Uint8Array.of(value))), () =>
                byteState(session, spec.read(at, 1), at, value),
              );
            }
          }
        });
      },
    },
  ];
}

/**
 * No byte is protected yet: protects the last protectable byte with its own value — for good on a
 * real card, so only on throw-away cards (card control) or with --allow-protect — and checks the
 * protection bits then report it. Returns the byte.
 */
async function protectLastByte(session: CaseSession, spec: MemoryCardApdus): Promise<number> {
  const protection = spec.protection!;
  const target = protection.protectedBytes - 1;
  if (!session.hasCards && session.target.allowsIrreversible !== true) {
    inconclusive(`no byte is protected; protecting byte ${hexByte(target)} cannot be undone, so the case does it only with --allow-protect`);
  }
  const [value = 0xff] = await okData(session, spec.read(target, 1), `READ byte ${hexByte(target)}`);
  session.evidence.note(`${BEHAVIOUR}no byte was protected: byte ${hexByte(target)} (value ${hexByte(value)}) protected for good`);
  checkBytes(await session.apdu.transmit(protection.protect(target, Uint8Array.of(value))), OK, "WRITE_PROTECTION with the byte's own value");
  const after = await okData(session, protection.read, 'READ_PROTECTION_BITS after WRITE_PROTECTION');
  check(isProtected(after, target), `after WRITE_PROTECTION of byte ${hexByte(target)} answered 90 00, the protection bits ${toHex(after)} do not report it protected`);
  return target;
}
