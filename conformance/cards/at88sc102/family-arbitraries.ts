import fc from 'fast-check';
import { blowFuse, compareCode, eraseAt, eraseZone, readBits, writeBits } from '../../../src/cards/at88sc102/commands.ts';
import type { ChipCommand } from '../../../src/cards/synchronous-card.ts';
import { chipStep, powerLossSteps, powerSteps, type FamilyModel, type FamilyReal } from './family-commands.ts';
import type { ModelCode, ModelPart } from './family-model.ts';

type Step = fc.AsyncCommand<FamilyModel, FamilyReal>;

/** The code as stored in the model, packed MSB first. */
function storedCode(m: FamilyModel, code: ModelCode): Uint8Array {
  const out = new Uint8Array(code.field.bits / 8);
  for (let i = 0; i < code.field.bits; i++) if (m.state.mem[code.field.start + i]) out[i >> 3]! |= 0x80 >> (i & 7);
  return out;
}

/** Writes the first 1 bit of the code's counter to 0 (pays an attempt), as the datasheet procedure does. */
function payAttempt(m: FamilyModel, code: ModelCode): ChipCommand {
  const counter = code.counter?.field ?? code.field;
  let bit = counter.start;
  for (let i = 0; i < (code.counter?.counted ?? 1); i++) {
    if (m.state.mem[counter.start + i] === 1) {
      bit = counter.start + i;
      break;
    }
  }
  return writeBits(bit, Uint8Array.of(0x7f));
}

/** Several chip commands as one step, so that whole datasheet procedures come up often. */
class Procedure implements Step {
  constructor(
    private readonly label: string,
    private readonly steps: readonly Step[],
  ) {}

  check(): boolean {
    return true;
  }

  async run(m: FamilyModel, r: FamilyReal): Promise<void> {
    for (const step of this.steps) await step.run(m, r);
  }

  toString(): string {
    return `${this.label}{ ${this.steps.map(String).join('; ')} }`;
  }
}

/**
 * Every kind of step for a part: reads, bit writes and erases in every field, code comparisons
 * (right and wrong), attempt payments, validation erases, whole presentation procedures, zone
 * erases, fuses, power off/on, reset and, when the target has it, power loss.
 */
export function familyArbitraries(part: ModelPart, withPowerLoss: boolean): fc.Arbitrary<Step>[] {
  const field = fc.constantFrom(...part.fields);
  const at = field.chain((f) => fc.nat({ max: Math.min(f.bits, 96) - 1 }).map((o) => f.start + o));
  const codeIndex = fc.nat({ max: part.codes.length - 1 });
  const codeBytes = (m: FamilyModel, code: ModelCode, right: boolean, wrong: Uint8Array): Uint8Array =>
    right ? storedCode(m, code) : wrong.slice(0, code.field.bits / 8);
  const wrong = fc.uint8Array({ minLength: 6, maxLength: 6 });
  const compare = (i: number, right: boolean, bad: Uint8Array): Step =>
    chipStep(`compare ${part.codes[i]!.field.name} ${right ? 'right' : 'wrong'}`, (m) => compareCode(part.codes[i]!.field.start, codeBytes(m, part.codes[i]!, right, bad)));
  const pay = (i: number): Step => chipStep(`pay ${part.codes[i]!.field.name} attempt`, (m) => payAttempt(m, part.codes[i]!));
  const validate = (i: number): Step => {
    const code = part.codes[i]!;
    return chipStep(`validation erase ${code.counter?.field.name ?? code.field.name}`, () => eraseAt((code.counter?.field ?? code.field).start));
  };
  const arbitraries: fc.Arbitrary<Step>[] = [
    fc.tuple(at, fc.integer({ min: 1, max: 8 })).map(([a, n]) => chipStep('read', () => readBits(a, n))),
    fc.tuple(at, fc.uint8Array({ minLength: 1, maxLength: 2 })).map(([a, d]) => chipStep('write', () => writeBits(a, d))),
    fc.tuple(at, fc.constantFrom(0x00, 0x0f, 0xf7)).map(([a, d]) => chipStep('write', () => writeBits(a, Uint8Array.of(d)))),
    at.map((a) => chipStep('erase', () => eraseAt(a))),
    fc.tuple(codeIndex, fc.boolean(), wrong).map(([i, right, bad]) => compare(i, right, bad)),
    codeIndex.map(pay),
    codeIndex.map(validate),
    fc.tuple(codeIndex, fc.boolean(), wrong).map(([i, right, bad]) => new Procedure('present', [compare(i, right, bad), pay(i), validate(i)])),
    fc.constant(0).map((i) => new Procedure('present', [compare(i, true, new Uint8Array(6)), pay(i), validate(i)])),
    fc.integer({ min: 0, max: 3 }).map((z) => chipStep(`erase zone ${z}`, () => ({ bytes: eraseZone(z).bytes }))),
    fc.constantFrom(...part.fuses).map((f) => chipStep(`blow ${f.name}`, () => blowFuse(f.start))),
    fc.uint8Array({ minLength: 1, maxLength: 4 }).map((b) => chipStep('raw bytes', () => ({ bytes: b }))),
    powerSteps(),
  ];
  if (withPowerLoss) arbitraries.push(powerLossSteps());
  return arbitraries;
}
