/** The client side of the stbpay HSM command set (docs/hsm.md): framing, messages, commands, client. */
export { HsmClient } from './client/client.ts';
export { HsmConnection, type HsmConnectionOptions } from './client/connection.ts';
export * from './commands/index.ts';
export { encodeFrame, HsmFrameDecoder, MAX_FRAME_MESSAGE } from './codec/frame.ts';
export { decodeAnswer, decodeRequest, encodeAnswer, encodeRequest, responseCodeFor, DEFAULT_HEADER_LENGTH, type HsmAnswer, type HsmRequest } from './codec/message.ts';
export { FieldReader, dataField, hexField } from './codec/fields.ts';
export { HSM_ERROR_CODES, errorName, type HsmErrorCode } from './error-codes.ts';
export { HsmAnswerError, HsmCommandError, HsmConnectionError, HsmFrameError, HsmRefusal } from './errors.ts';
export { CARD_KEY_OF, KEY_TYPES, KEY_TYPE_CODES, SCHEME_BYTES, type KeyScheme, type KeyToken, type KeyTypeCode } from './keys.ts';
