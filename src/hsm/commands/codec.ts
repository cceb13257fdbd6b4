import type { FieldReader } from '../codec/fields.ts';

/**
 * One command of the set, both directions, jsmodbus-style: the request and answer bodies (the
 * fields after the command code and after the error code) to and from their typed form. The emulator
 * decodes requests and encodes answers; the client does the reverse. Framing and header are not here.
 */
export interface CommandCodec<Request, Answer> {
  readonly command: string;
  readonly summary: string;
  encodeRequest(request: Request): string;
  decodeRequest(reader: FieldReader): Request;
  encodeAnswer(answer: Answer, request: Request): string;
  /** The request tells how the answer is shaped (e.g. whether a key under a ZMK follows). */
  decodeAnswer(reader: FieldReader, request: Request): Answer;
}
