import { bytesEqual } from '../../../src/core/hex.ts';
import type { ReaderProfile } from '../profiles.ts';

/** What an Escape command (CCID 1.1 §6.1.8, vendor-defined abData) gets: response data, or not supported. */
export type EscapeResult = { readonly supported: true; readonly data: Uint8Array } | { readonly supported: false };

/** GemPC Twin "get firmware": Escape abData `02` (libccid src/ccid_serial.c OpenSerialByName). */
const GET_FIRMWARE = Uint8Array.of(0x02);
/**
 * What libccid sends instead of `02` to a reader named SEC1210 ("unknown but supported command",
 * same place); it only needs a successful answer and logs the data as the firmware. Answered like `02`.
 */
const SEC1210_PROBE = Uint8Array.of(0x06);
/**
 * GemPC Twin "card movement notification in synchronous mode": `01 01 01` (same place in libccid).
 * Over USB card movement goes to the interrupt pipe anyway; the reader acknowledges the mode.
 */
const CARD_MOVEMENT_MODE = Uint8Array.of(0x01, 0x01, 0x01);
/** ACS "get firmware version" `E0 00 00 18 00` → `E1 00 00 00 len` + ASCII (acsccid ifdhandler.c). */
const ACS_GET_FIRMWARE = Uint8Array.of(0xe0, 0x00, 0x00, 0x18, 0x00);

/**
 * The escape commands the emulated reader knows. Every profile answers the commands libccid's
 * serial driver sends when it opens a reader (so any profile can sit behind libccidtwin.so); ACS
 * profiles also answer ACS's own get-firmware command. Anything else is not supported (bError 00).
 */
export function runEscape(profile: ReaderProfile, command: Uint8Array): EscapeResult {
  const firmware = new TextEncoder().encode(profile.firmwareVersion);
  if (bytesEqual(command, GET_FIRMWARE) || bytesEqual(command, SEC1210_PROBE)) return { supported: true, data: firmware };
  if (bytesEqual(command, CARD_MOVEMENT_MODE)) return { supported: true, data: new Uint8Array(0) };
  if (profile.quirks.acsFirmwareEscape && bytesEqual(command, ACS_GET_FIRMWARE)) {
    return { supported: true, data: Uint8Array.of(0xe1, 0x00, 0x00, 0x00, firmware.length, ...firmware) };
  }
  return { supported: false };
}
