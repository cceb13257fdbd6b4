import { InputError } from '../../core/errors.ts';

/**
 * A JSON-lines capture line that cannot be read. `line` is 1-based; `field` is the JSON key at fault
 * (or `(line)` for the line as a whole). An InputError, so the CLI exits 2.
 */
export class CaptureLineError extends InputError {
  readonly file: string;
  readonly line: number;
  readonly jsonField: string;

  constructor(file: string, line: number, field: string, message: string, options?: { cause?: unknown }) {
    super(`${file} line ${line} "${field}"`, message, options);
    this.file = file;
    this.line = line;
    this.jsonField = field;
  }
}

/** A capture file that cannot be opened, written or recognised at all. */
export class CaptureFileError extends InputError {
  readonly file: string;

  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super(file, message, options);
    this.file = file;
  }
}
