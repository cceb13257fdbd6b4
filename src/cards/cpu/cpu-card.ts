import type { ApduChannel } from '../../reader/apdu.ts';

/** The transmission protocols of ISO/IEC 7816-3 a CPU card may run: character (T=0) or block (T=1). */
export type TransmissionProtocol = 'T=0' | 'T=1';

/**
 * A contact CPU card as a host sees it once the reader has done the electrical work: power on
 * gives the Answer To Reset, then command APDUs in and response APDUs out, in the protocol the ATR
 * offered. An emulator implements it; a host drives it as an ApduChannel (`transmit`).
 *
 * The exchange is at APDU level, with T=0's transport visible: under T=0 a command that has data
 * to return answers 61xx and waits for GET RESPONSE, and a wrong Le answers 6Cxx
 * [ISO/IEC 7816-3 §10.3.4, ISO/IEC 7816-4 §5.1.3]; under T=1 the data comes back directly.
 */
export interface CpuCard extends ApduChannel {
  readonly protocol: TransmissionProtocol;
  /** Cold reset: returns the ATR. On a powered card it is a power cycle (volatile state is lost). */
  powerOn(): Promise<Uint8Array>;
  /** Sends one command APDU (short form) and returns data ‖ SW1 SW2. Throws CardMuteError when unpowered. */
  transmit(command: Uint8Array): Promise<Uint8Array>;
  powerOff(): Promise<void>;
}
