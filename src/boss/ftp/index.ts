/** Bank FTP homes and the embedded FTP server in front of them. [bank-interface §7] */
export { bankHome, createBankHome, IN_DIR, OUT_DIR, type BankHome } from './bank-homes.ts';
export { startEmbeddedFtp, type EmbeddedFtp, type EmbeddedFtpOptions, type LandedFile } from './embedded-server.ts';
export { FtpClientError } from './client-errors.ts';
