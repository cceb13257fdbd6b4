import { FieldReader } from '../codec/fields.ts';
import { responseCodeFor } from '../codec/message.ts';
import * as commands from '../commands/index.ts';
import type { CommandCodec } from '../commands/index.ts';
import { HsmAnswerError, HsmCommandError, HsmRefusal } from '../errors.ts';
import { HsmConnection, type HsmConnectionOptions } from './connection.ts';

/**
 * The typed client of the stbpay HSM command set: one method per command, over one HsmConnection.
 * An error code other than `00` is thrown as HsmCommandError (code, command, the field the HSM named).
 */
export class HsmClient {
  constructor(readonly connection: HsmConnection) {}

  static async open(options: HsmConnectionOptions): Promise<HsmClient> {
    return new HsmClient(await HsmConnection.open(options));
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  /** Runs one command: encodes the request, sends it, checks the error code, decodes the answer. */
  async run<Request, Answer>(codec: CommandCodec<Request, Answer>, request: Request): Promise<Answer> {
    const answer = await this.connection.send(codec.command, codec.encodeRequest(request));
    if (answer.errorCode !== '00') throw new HsmCommandError(codec.command, answer.errorCode, answer.body);
    const reader = new FieldReader(answer.body);
    try {
      const decoded = codec.decodeAnswer(reader, request);
      reader.end();
      return decoded;
    } catch (error) {
      if (!(error instanceof HsmRefusal)) throw error;
      throw new HsmAnswerError(`${responseCodeFor(codec.command)} ${error.field}`, error.detail, Buffer.from(answer.body, 'latin1'));
    }
  }

  generateKey = (request: commands.GenerateKeyRequest) => this.run(commands.generateKey, request);
  formKey = (request: commands.FormKeyRequest) => this.run(commands.formKey, request);
  importKey = (request: commands.ImportKeyRequest) => this.run(commands.importKey, request);
  exportKey = (request: commands.ExportKeyRequest) => this.run(commands.exportKey, request);
  checkValue = (request: commands.CheckValueRequest) => this.run(commands.checkValue, request);
  generateMac = (request: commands.MacRequest) => this.run(commands.generateMac, request);
  verifyMac = (request: commands.VerifyMacRequest) => this.run(commands.verifyMac, request);
  encrypt = (request: commands.CipherRequest) => this.run(commands.encryptData, request);
  decrypt = (request: commands.CipherRequest) => this.run(commands.decryptData, request);
  deriveKey = (request: commands.DeriveKeyRequest) => this.run(commands.deriveKey, request);
  /** Verifies the card's load MAC1 and returns MAC2 for CREDIT FOR LOAD. */
  purseLoad = (request: commands.LoadRequest) => this.run(commands.purseLoad, request);
  /** SESLK/SESPK under the LMK (type 420), for M6/M8 or export. */
  sessionKey = (request: commands.SessionKeyRequest) => this.run(commands.sessionKey, request);
  generateTac = (request: commands.TacDataRequest) => this.run(commands.generateTac, request);
  verifyTac = (request: commands.TacRequest) => this.run(commands.verifyTac, request);
  diagnostics = () => this.run(commands.diagnostics, undefined);
}
