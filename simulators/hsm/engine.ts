import type { Random } from '../../src/core/random.ts';
import { FieldReader } from '../../src/hsm/codec/fields.ts';
import { DEFAULT_HEADER_LENGTH, decodeRequest, responseCodeFor } from '../../src/hsm/codec/message.ts';
import { HsmRefusal } from '../../src/hsm/errors.ts';
import type { HsmErrorCode } from '../../src/hsm/error-codes.ts';
import { HANDLERS, type HandlerContext } from './handlers/index.ts';
import type { KeyStore } from './key-store.ts';

export interface EngineOptions {
  readonly keys: KeyStore;
  readonly random: Random;
  readonly headerLength?: number;
  readonly firmware?: string;
}

/** What one request came to: the answer message and, for logs and tests, its command and error code. */
export interface EngineAnswer {
  readonly message: Uint8Array;
  readonly command: string;
  readonly errorCode: string;
  /** The field an error answer names, '' when none. */
  readonly field: string;
}

/**
 * The HSM without its wire: one request message in, one answer message out, never a throw. A request
 * that cannot be read, or a command that refuses, is answered with its error code and the name of the
 * field at fault as the answer's only field. [docs/hsm.md §2, §4]
 */
export class HsmEngine {
  private readonly headerLength: number;
  private readonly context: HandlerContext;

  constructor(options: EngineOptions) {
    this.headerLength = options.headerLength ?? DEFAULT_HEADER_LENGTH;
    this.context = { keys: options.keys, random: options.random, firmware: options.firmware ?? 'STBPAY001' };
  }

  answer(message: Uint8Array): EngineAnswer {
    // the header is echoed byte for byte, even when nothing else of the message can be read
    const header = message.slice(0, this.headerLength);
    const rawCommand = Buffer.from(message.slice(this.headerLength, this.headerLength + 2)).toString('latin1');
    // an unreadable command code is answered with response code ZZ (there is nothing to advance)
    const command = /^[0-9A-Z]{2}$/.test(rawCommand) ? rawCommand : undefined;
    try {
      const request = decodeRequest(message, this.headerLength);
      const handler = HANDLERS.get(request.command);
      if (handler === undefined) throw new HsmRefusal('60', 'command', `${request.command} is not a command of this HSM`);
      const reader = new FieldReader(request.body);
      const decoded = handler.codec.decodeRequest(reader);
      reader.end();
      const body = handler.codec.encodeAnswer(handler.handle(decoded, this.context), decoded);
      return this.build(header, command, '00', body, '');
    } catch (error) {
      if (error instanceof HsmRefusal) return this.build(header, command, error.errorCode, error.field, error.field);
      // a bug in a command costs one error answer, never the connection or the process
      return this.build(header, command, '90' satisfies HsmErrorCode, '', '');
    }
  }

  private build(header: Uint8Array, command: string | undefined, errorCode: string, body: string, field: string): EngineAnswer {
    const paddedHeader = new Uint8Array(this.headerLength).fill(0x20);
    paddedHeader.set(header);
    const tail = Buffer.from(`${command === undefined ? 'ZZ' : responseCodeFor(command)}${errorCode}${body}`, 'latin1');
    const message = new Uint8Array(paddedHeader.length + tail.length);
    message.set(paddedHeader);
    message.set(tail, paddedHeader.length);
    return { message, command: command ?? '', errorCode, field };
  }
}
