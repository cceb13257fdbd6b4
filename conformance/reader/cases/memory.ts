import type { CardType } from '../../../src/cards/card-type.ts';
import { hexByte, toHex } from '../../../src/core/hex.ts';
import { splitResponse } from '../../../src/reader/apdu.ts';
import { check, checkBytes, checkEqual, inconclusive, type ConformanceCase } from '../../framework/case.ts';
import { attemptsIn, isProtected, MEMORY_CARD_APDUS } from '../memory-cards.ts';
import { BEHAVIOUR } from '../behaviour.ts';
import { withSession } from '../session.ts';
import { cardCapability, READER_CAPABILITY, type ReaderTarget } from '../target.ts';
import { knownCode, OK, okData, presentKnownCode, readCounter, selected, withCode } from './memory-steps.ts';

/** The cases for one card type; each applies only when the target states that card type. */
export function memoryCases(type: CardType): ConformanceCase<ReaderTarget>[] {
  const spec = MEMORY_CARD_APDUS[type];
  const card = cardCapability(type);
  const id = (n: number): string => `READER-${type}-${String(n).padStart(3, '0')}`;
  const tags = ['memory', type.toLowerCase()];
  const write = spec.write;
  const writing = [card, READER_CAPABILITY.apdu, READER_CAPABILITY.writes, ...(write?.needsCode ? [READER_CAPABILITY.knownCode] : [])];
  const cases: ConformanceCase<ReaderTarget>[] = [
    {
      id: id(1),
      clause: `${spec.clause} SELECT_CARD_TYPE (FF A4 00 00 01 ${hexByte(spec.selectCode)})`,
      title: `selecting the ${type} card type answers 90 00, also after a select of another type (whose answer is recorded)`,
      tags,
      requires: [card, READER_CAPABILITY.apdu],
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
    {
      id: id(2),
      clause: `${spec.clause} READ_MEMORY_CARD`,
      title: 'reading 16 bytes answers 16 bytes and 90 00, the same twice, and the same as two reads of 8',
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
        });
      },
    },
  ];
  if (spec.code) {
    const code = spec.code;
    cases.push(
      {
        id: id(3),
        clause: `${spec.clause} READ_PRESENTATION_ERROR_COUNTER`,
        title: `the ${code.name} attempts counter reads with 90 00 and is one bit per attempt at most ${attemptsIn(code.fullCounter)}; a fresh card has every attempt`,
        tags: [...tags, 'code'],
        requires: [card, READER_CAPABILITY.apdu],
        async run(context) {
          await withSession(context, async (session) => {
            await selected(session);
            const counter = await readCounter(session, code);
            check((counter & ~code.fullCounter) === 0, `counter ${hexByte(counter)} has bits outside ${hexByte(code.fullCounter)}`);
            session.evidence.note(`counter ${hexByte(counter)}: ${attemptsIn(counter)} attempt(s) left`);
            // With card control the session starts with a factory-fresh card.
            if (session.hasCards) checkEqual(counter, code.fullCounter, 'counter of a factory-fresh card');
          });
        },
      },
      {
        id: id(4),
        clause: `${spec.clause} PRESENT_CODE_MEMORY_CARD (response 90 <error counter>)`,
        title: `a wrong ${code.name} answers 90 with the counter one attempt down, the right one 90 ${hexByte(code.fullCounter)}, and the counter reads the same`,
        tags: [...tags, 'code', 'writes'],
        requires: [card, READER_CAPABILITY.apdu, READER_CAPABILITY.writes, READER_CAPABILITY.knownCode],
        async run(context) {
          await withSession(context, async (session) => {
            await selected(session);
            const before = await readCounter(session, code);
            // Only a card with every attempt left spends one on a wrong code: the right one then has at least two.
            if (before !== code.fullCounter) inconclusive(`the counter reads ${hexByte(before)}, not ${hexByte(code.fullCounter)}: the case spends an attempt only on a card that has them all`);
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
    );
    if (code.change) {
      const change = code.change;
      cases.push({
        id: id(5),
        clause: `${spec.clause} CHANGE_CODE_MEMORY_CARD ("the current secret code must have been presented")`,
        title: `after the right ${code.name}, changing it takes, the new code verifies, and changing it back restores the card`,
        tags: [...tags, 'code', 'writes'],
        requires: [card, READER_CAPABILITY.apdu, READER_CAPABILITY.writes, READER_CAPABILITY.knownCode],
        async run(context) {
          await withSession(context, async (session) => {
            await selected(session);
            await presentKnownCode(session, code);
            const original = knownCode(session);
            const next = original.map((b) => b ^ 0x5a);
            session.evidence.note(`changing the ${code.name} to another value (every byte XOR 5A), then back`);
            checkBytes(await session.transmitCode(change(next), code.length), OK, 'CHANGE_CODE to the new code');
            checkBytes(await session.transmitCode(code.present(next), code.length), Uint8Array.of(0x90, code.fullCounter), 'presenting the new code');
            checkBytes(await session.transmitCode(change(original), code.length), OK, 'CHANGE_CODE back');
            checkBytes(await session.transmitCode(code.present(original), code.length), Uint8Array.of(0x90, code.fullCounter), 'presenting the original code again');
          });
        },
      });
    }
  }
  if (write) {
    cases.push({
      id: id(6),
      clause: `${spec.clause} WRITE_MEMORY_CARD then READ_MEMORY_CARD`,
      title: `a byte written${write.needsCode ? ' after the code' : ''} reads back as written (the original is restored)`,
      tags: [...tags, 'writes'],
      requires: writing,
      async run(context) {
        await withSession(context, async (session) => {
          await selected(session);
          if (write.needsCode) await presentKnownCode(session, withCode(spec));
          const at = write.freeAddress;
          const [original = 0xff] = await okData(session, spec.read(at, 1), `READ byte ${hexByte(at)}`);
          const value = original ^ 0x5a;
          checkBytes(await session.apdu.transmit(write.command(at, Uint8Array.of(value))), OK, `WRITE ${hexByte(value)} at ${hexByte(at)}`);
          checkBytes(await okData(session, spec.read(at, 1), 'READ back'), Uint8Array.of(value), `byte ${hexByte(at)} after the write`);
          checkBytes(await session.apdu.transmit(write.command(at, Uint8Array.of(original))), OK, 'WRITE the original back');
        });
      },
    });
    if (write.needsCode) {
      cases.push({
        id: id(7),
        clause: `${spec.clause} WRITE_MEMORY_CARD (needs the code presented); stbpay reader answers 65 81 for a write not taken`,
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
  }
  if (spec.protection && write) {
    const protection = spec.protection;
    cases.push(
      {
        id: id(8),
        clause: `${spec.clause} READ_PROTECTION_BITS`,
        title: `the protection bits of bytes 0..${protection.protectedBytes - 1} read with 90 00`,
        tags: [...tags, 'protection'],
        requires: [card, READER_CAPABILITY.apdu],
        async run(context) {
          await withSession(context, async (session) => {
            await selected(session);
            const bits = await okData(session, protection.read, 'READ_PROTECTION_BITS');
            checkEqual(bits.length, protection.protectedBytes / 8, 'PROT bytes');
            const frozen = [...Array(protection.protectedBytes).keys()].filter((b) => isProtected(bits, b));
            session.evidence.note(`protected bytes: ${frozen.map(hexByte).join(' ') || 'none'}`);
          });
        },
      },
      {
        id: id(9),
        clause: `${spec.clause} WRITE_MEMORY_CARD to a protected byte; stbpay reader: a write the chip did not take is not 90 00`,
        title: 'a write to a protected byte is not answered 90 00 and the byte keeps its value',
        tags: [...tags, 'protection', 'writes'],
        requires: writing,
        async run(context) {
          await withSession(context, async (session) => {
            await selected(session);
            await presentKnownCode(session, withCode(spec));
            const bits = await okData(session, protection.read, 'READ_PROTECTION_BITS');
            let target = [...Array(protection.protectedBytes).keys()].find((b) => isProtected(bits, b));
            if (target === undefined) {
              // No byte is protected yet: protect the last protectable byte with its own value (irreversible on a real card).
              target = protection.protectedBytes - 1;
              const [value = 0xff] = await okData(session, spec.read(target, 1), `READ byte ${hexByte(target)}`);
              session.evidence.note(`${BEHAVIOUR}no byte was protected: byte ${hexByte(target)} (value ${hexByte(value)}) protected for good`);
              checkBytes(await session.apdu.transmit(protection.protect(target, Uint8Array.of(value))), OK, 'WRITE_PROTECTION with the byte\'s own value');
            }
            const [value = 0xff] = await okData(session, spec.read(target, 1), `READ protected byte ${hexByte(target)}`);
            const response = await session.apdu.transmit(write.command(target, Uint8Array.of(value ^ 0xff)));
            check(splitResponse(response).sw !== 0x9000, `a write to protected byte ${hexByte(target)} was answered 90 00`);
            session.evidence.note(`${BEHAVIOUR}a write to a protected byte refused with ${toHex(response.slice(-2))}`);
            checkBytes(await okData(session, spec.read(target, 1), 'READ back'), Uint8Array.of(value), `protected byte ${hexByte(target)} after the write`);
          });
        },
      },
    );
  }
  return cases;
}
