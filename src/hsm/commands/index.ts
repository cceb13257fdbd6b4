/** Every command of the stbpay HSM command set (docs/hsm.md §3). */
export type { CommandCodec } from './codec.ts';
export { checkValue, exportKey, formKey, generateKey, importKey } from './key-management.ts';
export type { CheckValueRequest, ExportKeyAnswer, ExportKeyRequest, FormKeyRequest, GenerateKeyRequest, ImportKeyRequest, KeyAnswer } from './key-management.ts';
export { generateMac, verifyMac, type MacRequest, type VerifyMacRequest } from './mac.ts';
export { decryptData, encryptData, type CipherRequest } from './data.ts';
export { generateTac, purseLoad, verifyTac, type LoadRequest, type TacDataRequest, type TacRequest } from './purse.ts';
export { deriveKey, sessionKey, type DeriveKeyAnswer, type DeriveKeyRequest, type SessionKeyRequest } from './card-keys.ts';
export type { PurseKey } from './purse-key.ts';
export { diagnostics, type DiagnosticsAnswer } from './diagnostics.ts';
