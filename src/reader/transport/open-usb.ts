/// <reference types="w3c-web-usb" />
import { errorMessage } from '../../core/errors.ts';
import { hexWord } from '../../core/hex.ts';
import { ReaderLinkError } from '../errors.ts';
import { WebUsbCcidPort } from './webusb-port.ts';

/** The part of the WebUSB `USB` object we use; tests pass their own. */
export type UsbRequester = Pick<USB, 'requestDevice'>;

export interface OpenUsbOptions {
  /** Default: the `usb` package's `webusb` (loaded on first use, so machines without USB still load this module). */
  readonly usb?: UsbRequester;
}

/**
 * Finds the reader with that vendor and product id (WebUSB requestDevice with a filter) and opens
 * it as a CcidPort. Every way of not getting one (no such device, no USB subsystem, the native
 * module missing) is a ReaderLinkError that says which.
 */
export async function openUsbReader(vendorId: number, productId: number, options: OpenUsbOptions = {}): Promise<WebUsbCcidPort> {
  const ids = `${hexWord(vendorId)}:${hexWord(productId)}`;
  const usb = options.usb ?? (await loadWebUsb());
  let device: USBDevice;
  try {
    device = await usb.requestDevice({ filters: [{ vendorId, productId }] });
  } catch (error) {
    const message = errorMessage(error);
    if (error instanceof Error && error.name === 'NotFoundError') {
      throw new ReaderLinkError(`no USB reader ${ids} is connected`, { cause: error });
    }
    throw new ReaderLinkError(`cannot look for USB reader ${ids}: USB is not available on this machine (${message})`, { cause: error });
  }
  return WebUsbCcidPort.open(device);
}

async function loadWebUsb(): Promise<UsbRequester> {
  try {
    const { webusb } = await import('usb');
    return webusb;
  } catch (error) {
    throw new ReaderLinkError(`the usb package cannot be loaded: ${errorMessage(error)}`, { cause: error });
  }
}
