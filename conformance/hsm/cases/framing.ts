import { check, checkEqual, fail, type ConformanceCase } from '../../framework/case.ts';
import { responseCodeFor } from '../../../src/hsm/codec/message.ts';
import { frame, text, withRawLink, type RawHsmLink } from '../raw.ts';
import type { HsmTarget } from '../target.ts';

/** How long a raw case waits for answers an HSM should give at once. */
const ANSWER_WAIT_MS = 2_000;

/** The commands of docs/hsm.md §6, each with its answer code and what an empty field list gets. */
const COMMANDS = ['A0', 'A4', 'A6', 'A8', 'BU', 'M6', 'M8', 'M0', 'M2', 'KD', 'KS', 'PL', 'PG', 'PT', 'NC'] as const;

/** A printable header of the target's length, different for each `n` so answers can be told apart. */
export function headerFor(target: HsmTarget, n: number): string {
  const digits = String(n).padStart(target.headerLength, '0');
  return digits.slice(digits.length - target.headerLength);
}

export interface ParsedAnswer {
  readonly header: string;
  readonly responseCode: string;
  readonly errorCode: string;
  readonly body: string;
}

export function parseAnswer(target: HsmTarget, message: Uint8Array): ParsedAnswer {
  const all = text(message);
  const h = target.headerLength;
  if (all.length < h + 4) fail(`answer ${JSON.stringify(all)} is shorter than header + response code + error code`);
  return { header: all.slice(0, h), responseCode: all.slice(h, h + 2), errorCode: all.slice(h + 2, h + 4), body: all.slice(h + 4) };
}

/** Waits for `count` answers in all on the link; fails when fewer came. */
export async function expectAnswers(link: RawHsmLink, target: HsmTarget, count: number, what: string): Promise<ParsedAnswer[]> {
  const frames = await link.answers(count, ANSWER_WAIT_MS);
  if (frames.length < count) fail(`${what}: ${frames.length} answer(s) of ${count} came${link.closed ? ', then the HSM closed the connection' : ` within ${ANSWER_WAIT_MS} ms`}`);
  return frames.map((m) => parseAnswer(target, m));
}

/** The NC answer: LMK check value (16 hex) ‖ firmware (9 printable). [docs/hsm.md §6 NC] */
export function checkDiagnostics(answer: ParsedAnswer, what: string): void {
  checkEqual(answer.responseCode, 'ND', `${what}: response code`);
  checkEqual(answer.errorCode, '00', `${what}: error code`);
  check(/^[0-9A-F]{16}[\x20-\x7e]{9}$/.test(answer.body), `${what}: answer fields ${JSON.stringify(answer.body)} are not LMK check value (16 hex) ‖ firmware (9 characters)`);
}

export const framingCases: ConformanceCase<HsmTarget>[] = [
  {
    id: 'HSM-FRAME-001',
    clause: 'docs/hsm.md §1 (2-byte length), §2 (header echoed, response code), §6 NC',
    title: 'NC in one frame: one answer frame, its header the request\'s byte for byte, response code ND, error 00, LMK check value and firmware',
    tags: ['framing', 'NC'],
    async run({ target, evidence }) {
      await withRawLink(target, evidence, async (link) => {
        // letters in the header: an HSM must echo it, not renumber it
        const header = 'Zq9!'.padEnd(target.headerLength, 'x').slice(0, target.headerLength);
        await link.write(frame(`${header}NC`), 'NC with a header of letters and punctuation');
        const [answer] = await expectAnswers(link, target, 1, 'NC');
        checkEqual(answer!.header, header, 'echoed header');
        checkDiagnostics(answer!, 'NC');
      });
    },
  },
  {
    id: 'HSM-FRAME-002',
    clause: 'docs/hsm.md §1 (a frame over several segments, several frames in one), §2 (answers in order)',
    title: 'a request written one byte at a time, and three requests in one write, are each answered once, in order',
    tags: ['framing'],
    async run({ target, evidence }) {
      await withRawLink(target, evidence, async (link) => {
        const first = frame(`${headerFor(target, 1)}NC`);
        for (const byte of first) {
          await link.write(Uint8Array.of(byte));
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
        const three = [2, 3, 4].map((n) => frame(`${headerFor(target, n)}NC`));
        await link.write(Uint8Array.from(three.flatMap((f) => [...f])), 'three NC frames in one write');
        const answers = await expectAnswers(link, target, 4, 'NC byte by byte, then three NC in one write');
        answers.forEach((answer, i) => {
          checkEqual(answer.header, headerFor(target, i + 1), `answer ${i + 1}: header`);
          checkDiagnostics(answer, `answer ${i + 1}`);
        });
      });
    },
  },
  {
    id: 'HSM-FRAME-003',
    clause: 'docs/hsm.md §2 (response code = command with its second character advanced), §4 80',
    title: 'every command of the set, sent without its fields, is answered with its own response code; all but NC with 80 (length)',
    tags: ['framing', 'error-code'],
    async run({ target, evidence }) {
      await withRawLink(target, evidence, async (link) => {
        for (const [i, command] of COMMANDS.entries()) await link.write(frame(`${headerFor(target, i)}${command}`), `${command} without fields`);
        const answers = await expectAnswers(link, target, COMMANDS.length, 'the commands without fields');
        COMMANDS.forEach((command, i) => {
          const answer = answers[i]!;
          checkEqual(answer.header, headerFor(target, i), `${command}: header`);
          checkEqual(answer.responseCode, responseCodeFor(command), `${command}: response code`);
          checkEqual(answer.errorCode, command === 'NC' ? '00' : '80', `${command} without fields: error code`);
        });
      });
    },
  },
  {
    id: 'HSM-FRAME-004',
    clause: 'docs/hsm.md §2 (a message shorter than H + 2; a command code not 0-9/A-Z)',
    title: 'a message too short for header and command gets ZZ 80 "command" with its bytes as the header; a command "a!" gets ZZ 15 "command"',
    tags: ['framing', 'error-code'],
    async run({ target, evidence }) {
      await withRawLink(target, evidence, async (link) => {
        const short = 'abcdefgh'.slice(0, target.headerLength + 1);
        await link.write(frame(short), `${short.length} bytes: no room for a command code`);
        await link.write(frame(`${headerFor(target, 7)}a!`), 'command code "a!"');
        const [tooShort, badCode] = await expectAnswers(link, target, 2, 'the malformed messages');
        checkEqual(tooShort!.header, short.padEnd(target.headerLength, ' ').slice(0, target.headerLength), 'short message: header (its bytes, padded with spaces)');
        checkEqual(`${tooShort!.responseCode}${tooShort!.errorCode}${tooShort!.body}`, 'ZZ80command', 'short message: answer');
        checkEqual(badCode!.header, headerFor(target, 7), 'command "a!": header');
        checkEqual(`${badCode!.responseCode}${badCode!.errorCode}${badCode!.body}`, 'ZZ15command', 'command "a!": answer');
      });
    },
  },
];
