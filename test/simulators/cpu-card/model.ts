/**
 * A small pure model of the fixture card's file system and PIN counter, written from the rules in
 * docs/cpu-card.md and not from the emulator's code: the model-based spec runs both side by side.
 * It covers SELECT by FID, READ/UPDATE BINARY, READ/UPDATE RECORD, VERIFY and power cycles, under
 * T=1 (so answers are not reshaped into 61xx). Key-protected files count as never satisfied: the
 * model does no EXTERNAL AUTHENTICATE.
 */
export interface ModelFile {
  readonly fid: number;
  readonly df: 'MF' | 'DF';
  readonly sfi: number | undefined;
  readonly recordLength: number | undefined; // undefined: transparent
  readonly read: 'always' | 'pin' | 'key';
  readonly update: 'always' | 'pin' | 'key' | 'never';
  body: number[];
}

export interface Answer {
  readonly data: number[];
  readonly sw: number;
}

export const PIN = [0x12, 0x34, 0x56];
const MAX_TRIES = 3;

export class CardModel {
  readonly files: ModelFile[] = [
    { fid: 0x0001, df: 'MF', sfi: 1, recordLength: undefined, read: 'always', update: 'pin', body: range(16) },
    { fid: 0x0002, df: 'MF', sfi: 2, recordLength: undefined, read: 'key', update: 'key', body: [0xc0, 0xff, 0xee, 0, 0xc0, 0xff, 0xee, 0] },
    { fid: 0x0003, df: 'MF', sfi: 3, recordLength: 4, read: 'always', update: 'pin', body: [...fill(4, 0xaa), ...fill(4, 0xbb), ...fill(4, 0)] },
    { fid: 0x0004, df: 'MF', sfi: undefined, recordLength: undefined, read: 'always', update: 'never', body: fill(300, 0) },
    { fid: 0x0015, df: 'DF', sfi: 21, recordLength: undefined, read: 'always', update: 'key', body: fill(30, 0) },
    { fid: 0x0018, df: 'DF', sfi: 24, recordLength: 23, read: 'pin', update: 'never', body: fill(23 * 5, 0) },
  ];
  currentDf: 'MF' | 'DF' = 'MF';
  currentEf: ModelFile | undefined;
  pinVerified = false;
  tries = MAX_TRIES;

  powerCycle(): void {
    this.currentDf = 'MF';
    this.currentEf = undefined;
    this.pinVerified = false;
  }

  select(fid: number): Answer {
    if (fid === 0x3f00 || fid === 0x1001) {
      this.currentDf = fid === 0x3f00 ? 'MF' : 'DF';
      this.currentEf = undefined;
      return { data: [], sw: 0x9000 };
    }
    // From the DF, the MF's EFs are siblings; from the MF, the DF's EFs are out of reach.
    const file = this.files.find((f) => f.fid === fid && (f.df === this.currentDf || this.currentDf === 'DF'));
    if (!file) return { data: [], sw: 0x6a82 };
    this.currentDf = file.df;
    this.currentEf = file;
    return { data: [], sw: 0x9000 };
  }

  readBinary(sfi: number | undefined, offset: number, ne: number): Answer {
    const file = this.target(sfi);
    if (typeof file === 'number') return { data: [], sw: file };
    if (file.recordLength !== undefined) return { data: [], sw: 0x6981 };
    if (!this.allows(file.read)) return { data: [], sw: 0x6982 };
    if (offset >= file.body.length) return { data: [], sw: 0x6b00 };
    const left = file.body.length - offset;
    const data = file.body.slice(offset, offset + Math.min(ne, left));
    return { data, sw: ne <= left || ne === 256 ? 0x9000 : 0x6282 };
  }

  updateBinary(sfi: number | undefined, offset: number, data: number[]): Answer {
    const file = this.target(sfi);
    if (typeof file === 'number') return { data: [], sw: file };
    if (file.recordLength !== undefined) return { data: [], sw: 0x6981 };
    if (!this.allows(file.update)) return { data: [], sw: 0x6982 };
    if (offset >= file.body.length) return { data: [], sw: 0x6b00 };
    if (offset + data.length > file.body.length) return { data: [], sw: 0x6700 };
    file.body.splice(offset, data.length, ...data);
    return { data: [], sw: 0x9000 };
  }

  readRecord(sfi: number | undefined, record: number, ne: number): Answer {
    const file = this.target(sfi);
    if (typeof file === 'number') return { data: [], sw: file };
    if (file.recordLength === undefined) return { data: [], sw: 0x6981 };
    if (!this.allows(file.read)) return { data: [], sw: 0x6982 };
    if (record > file.body.length / file.recordLength) return { data: [], sw: 0x6a83 };
    if (ne < file.recordLength) return { data: [], sw: 0x6c00 | file.recordLength };
    const start = (record - 1) * file.recordLength;
    return { data: file.body.slice(start, start + file.recordLength), sw: 0x9000 };
  }

  updateRecord(sfi: number | undefined, record: number, data: number[]): Answer {
    const file = this.target(sfi);
    if (typeof file === 'number') return { data: [], sw: file };
    if (file.recordLength === undefined) return { data: [], sw: 0x6981 };
    if (!this.allows(file.update)) return { data: [], sw: 0x6982 };
    if (record > file.body.length / file.recordLength) return { data: [], sw: 0x6a83 };
    if (data.length !== file.recordLength) return { data: [], sw: 0x6700 };
    file.body.splice((record - 1) * file.recordLength, data.length, ...data);
    return { data: [], sw: 0x9000 };
  }

  verify(pin: number[] | undefined): Answer {
    if (this.tries === 0) return { data: [], sw: 0x6983 };
    if (pin === undefined) return { data: [], sw: this.pinVerified ? 0x9000 : 0x63c0 | this.tries };
    const right = pin.length === PIN.length && pin.every((b, i) => b === PIN[i]);
    this.tries = right ? MAX_TRIES : this.tries - 1;
    this.pinVerified = right;
    return { data: [], sw: right ? 0x9000 : 0x63c0 | this.tries };
  }

  /** The EF a command names (SFI in the current DF, which then becomes the current EF), or its status word. */
  private target(sfi: number | undefined): ModelFile | number {
    if (sfi === undefined) return this.currentEf ?? 0x6986;
    const file = this.files.find((f) => f.df === this.currentDf && f.sfi === sfi);
    if (!file) return 0x6a82;
    this.currentEf = file;
    return file;
  }

  private allows(condition: ModelFile['read'] | ModelFile['update']): boolean {
    return condition === 'always' || (condition === 'pin' && this.pinVerified);
  }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function fill(n: number, value: number): number[] {
  return new Array<number>(n).fill(value);
}
