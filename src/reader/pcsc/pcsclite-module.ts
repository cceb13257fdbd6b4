import { StbpayError } from '../../core/errors.ts';

/**
 * The part of `@pokusew/pcsclite` 0.6 (index.d.ts) we use, typed here so that this module compiles
 * and loads whether or not the optional package is installed.
 */
export interface PcscLiteContext {
  on(event: 'reader', listener: (reader: PcscLiteReader) => void): this;
  on(event: 'error', listener: (error: unknown) => void): this;
  close(): void;
}

export interface PcscLiteReader {
  readonly name: string;
  readonly SCARD_SHARE_SHARED: number;
  readonly SCARD_PROTOCOL_T0: number;
  readonly SCARD_PROTOCOL_T1: number;
  readonly SCARD_STATE_PRESENT: number;
  readonly SCARD_LEAVE_CARD: number;
  readonly SCARD_RESET_CARD: number;
  readonly SCARD_UNPOWER_CARD: number;
  on(event: 'status', listener: (status: { state: number; atr?: Buffer }) => void): this;
  on(event: 'error', listener: (error: unknown) => void): this;
  on(event: 'end', listener: () => void): this;
  connect(options: { share_mode: number; protocol: number }, callback: (error: unknown, protocol: number) => void): void;
  disconnect(disposition: number, callback: (error: unknown) => void): void;
  transmit(data: Buffer, responseLength: number, protocol: number, callback: (error: unknown, response: Buffer) => void): void;
  close(): void;
}

export type PcscLiteFactory = () => PcscLiteContext;

/** PC/SC is out of reach: the optional package is missing or its native part does not load. */
export class PcscUnavailableError extends StbpayError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('STBPAY_ERR_PCSC_UNAVAILABLE', message, options);
  }
}

export const PCSCLITE_PACKAGE = '@pokusew/pcsclite';

const INSTALL_HINT =
  `install the optional package ${PCSCLITE_PACKAGE} (npm install ${PCSCLITE_PACKAGE}); it builds from source ` +
  'with node-gyp against libpcsclite-dev (apt-get install libpcsclite-dev pcscd g++ make)';

let loaded: Promise<PcscLiteFactory> | undefined;

/**
 * Loads `@pokusew/pcsclite` on first use. It is an optional dependency with a native part built at
 * install time, so it may be absent; everything that does not speak PC/SC works without it.
 */
export function loadPcscLite(): Promise<PcscLiteFactory> {
  loaded ??= importPcscLite();
  return loaded;
}

async function importPcscLite(): Promise<PcscLiteFactory> {
  let module: { default?: unknown };
  try {
    module = (await import(PCSCLITE_PACKAGE)) as { default?: unknown };
  } catch (error) {
    loaded = undefined;
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new PcscUnavailableError(`PC/SC is not available (${reason}): ${INSTALL_HINT}`, { cause: error });
  }
  if (typeof module.default !== 'function') {
    throw new PcscUnavailableError(`${PCSCLITE_PACKAGE} does not export the pcsc() factory this code was written for (0.6): ${INSTALL_HINT}`);
  }
  return module.default as PcscLiteFactory;
}
