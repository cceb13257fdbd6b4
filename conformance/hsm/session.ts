import { fail, type CaseContext } from '../framework/case.ts';
import { HsmClient } from '../../src/hsm/client/client.ts';
import { FieldReader } from '../../src/hsm/codec/fields.ts';
import { responseCodeFor, type HsmAnswer } from '../../src/hsm/codec/message.ts';
import type { CommandCodec } from '../../src/hsm/commands/codec.ts';
import { errorName } from '../../src/hsm/error-codes.ts';
import { HsmRefusal } from '../../src/hsm/errors.ts';
import type { HsmTarget } from './target.ts';

const ascii = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));

/**
 * One client connection for a case: every request and answer goes into the evidence as the ASCII
 * message without its header (the client numbers the headers), so a verdict shows what crossed.
 */
export class HsmSession {
  constructor(
    readonly client: HsmClient,
    private readonly context: CaseContext<HsmTarget>,
  ) {}

  /** Sends a command's fields as they are (for malformed requests too) and returns the answer, whatever its error code. */
  async send(command: string, body: string, what: string): Promise<HsmAnswer> {
    this.context.evidence.sent(ascii(`${command}${body}`), what);
    const answer = await this.client.connection.send(command, body);
    this.context.evidence.received(ascii(`${answer.responseCode}${answer.errorCode}${answer.body}`));
    return answer;
  }

  /** A command that must succeed (`00`); its answer decoded by the command's codec. [docs/hsm.md §2, §6] */
  async ok<Request, Answer>(codec: CommandCodec<Request, Answer>, request: Request, what: string): Promise<Answer> {
    const answer = await this.send(codec.command, codec.encodeRequest(request), what);
    if (answer.errorCode !== '00') fail(`${what}: ${codec.command} answered error ${answer.errorCode} (${errorName(answer.errorCode)})${answer.body ? ` at ${answer.body}` : ''}, expected 00`);
    const reader = new FieldReader(answer.body);
    try {
      const decoded = codec.decodeAnswer(reader, request);
      reader.end();
      return decoded;
    } catch (error) {
      if (error instanceof HsmRefusal) fail(`${what}: the ${responseCodeFor(codec.command)} answer is malformed at ${error.field}: ${error.detail}`);
      throw error;
    }
  }

  /** A request that must be refused with `errorCode`, naming `field` (when given). [docs/hsm.md §2, §4] */
  async refused(command: string, body: string, errorCode: string, field: string | undefined, what: string): Promise<void> {
    const answer = await this.send(command, body, what);
    if (answer.errorCode !== errorCode) fail(`${what}: ${command} answered error ${answer.errorCode} (${errorName(answer.errorCode)}), expected ${errorCode} (${errorName(errorCode)})`);
    if (field !== undefined && answer.body !== field) fail(`${what}: error ${errorCode} names field ${JSON.stringify(answer.body)}, expected ${JSON.stringify(field)}`);
  }

  /** Like `refused`, with the request encoded by the command's codec. */
  refusedRequest<Request>(codec: CommandCodec<Request, unknown>, request: Request, errorCode: string, field: string | undefined, what: string): Promise<void> {
    return this.refused(codec.command, codec.encodeRequest(request), errorCode, field, what);
  }
}

/** Opens a client connection to the target for the body and closes it after. */
export async function withHsm(context: CaseContext<HsmTarget>, body: (session: HsmSession) => Promise<void>): Promise<void> {
  const { host, port, headerLength, timeoutMs } = context.target;
  const client = await HsmClient.open({ host, port, headerLength, timeoutMs });
  try {
    await body(new HsmSession(client, context));
  } finally {
    await client.close();
  }
}
