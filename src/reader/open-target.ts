import { InputError } from '../core/errors.ts';
import { openSerialPort, type OpenSerialOptions } from './transport/serial-port.ts';
import { openUsbReader, type OpenUsbOptions } from './transport/open-usb.ts';
import type { CcidPort } from './transport/ccid-port.ts';
import { DEFAULT_SERIAL_MODEL, findSerialModel, SERIAL_MODEL_NAMES } from './serial/models.ts';

/** A reader named on the command line: `usb:VID:PID` (hex) or `serial:/dev/ttyX[:model]`. */
export type ReaderTarget =
  | { readonly kind: 'usb'; readonly vendorId: number; readonly productId: number }
  | { readonly kind: 'serial'; readonly path: string; readonly model: string };

const HEX_ID = /^(?:0x)?([0-9a-f]{1,4})$/i;

/** Parses a target string; InputError names the field at fault (target, target.vendorId, ...). */
export function parseTarget(text: string): ReaderTarget {
  const colon = text.indexOf(':');
  const scheme = colon < 0 ? text : text.slice(0, colon);
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  if (scheme === 'usb') return parseUsb(rest, text);
  if (scheme === 'serial') return parseSerial(rest, text);
  throw new InputError('target', `"${text}" is neither usb:VID:PID nor serial:/dev/ttyX[:model]`);
}

function parseUsb(rest: string, text: string): ReaderTarget {
  const parts = rest.split(':');
  if (parts.length !== 2) throw new InputError('target', `"${text}": a USB target is usb:VID:PID, e.g. usb:072F:B100`);
  return { kind: 'usb', vendorId: hexId(parts[0]!, 'target.vendorId', text), productId: hexId(parts[1]!, 'target.productId', text) };
}

function hexId(part: string, field: string, text: string): number {
  const match = HEX_ID.exec(part);
  if (!match) throw new InputError(field, `"${part}" in "${text}" is not a 16-bit hex id (1 to 4 hex digits)`);
  return Number.parseInt(match[1]!, 16);
}

/**
 * The model follows the last colon when it names a known model; a name-like suffix that is not one
 * is refused (a typo should not become part of the path). Other colons belong to the path, as in
 * /dev/serial/by-path/pci-0000:00:14.0-usb-0:1:1.0-port0.
 */
function parseSerial(rest: string, text: string): ReaderTarget {
  const last = rest.lastIndexOf(':');
  let path = rest;
  let model = DEFAULT_SERIAL_MODEL;
  if (last >= 0) {
    const suffix = rest.slice(last + 1);
    const known = findSerialModel(suffix);
    if (known) {
      path = rest.slice(0, last);
      model = known.name;
    } else if (/^[A-Za-z][A-Za-z0-9]*$/.test(suffix)) {
      throw new InputError('target.model', `"${suffix}" in "${text}" is no known serial reader model; known: ${SERIAL_MODEL_NAMES.join(', ')}`);
    }
  }
  if (path.length === 0) throw new InputError('target.path', `"${text}" names no serial device, e.g. serial:/dev/ttyS0`);
  return { kind: 'serial', path, model };
}

export interface OpenTargetOptions {
  readonly usb?: OpenUsbOptions['usb'];
  readonly serialBinding?: OpenSerialOptions['binding'];
}

/** Parses the target and opens it as a CcidPort (ReaderLinkError when it is not there). */
export async function openTarget(text: string, options: OpenTargetOptions = {}): Promise<CcidPort> {
  const target = parseTarget(text);
  if (target.kind === 'usb') return openUsbReader(target.vendorId, target.productId, options.usb ? { usb: options.usb } : {});
  return openSerialPort(target.path, { model: target.model, ...(options.serialBinding ? { binding: options.serialBinding } : {}) });
}
