import type { Profile } from '../profile/types.ts';
import { BossFrameError } from './errors.ts';
import { encodeFrame, FrameDecoder } from './frame.ts';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse, type BossMessage } from './message.ts';

/** Whole frames (length prefix + body) ↔ messages, for tests, vectors and captures. [§1, §8] */
export function encodeRequestFrame(profile: Profile, message: BossMessage): Uint8Array {
  return encodeFrame(profile.framing, encodeRequest(profile, message));
}

export function encodeResponseFrame(profile: Profile, message: BossMessage): Uint8Array {
  return encodeFrame(profile.framing, encodeResponse(profile, message));
}

export function decodeRequestFrame(profile: Profile, frame: Uint8Array): BossMessage {
  return decodeRequest(profile, singleBody(profile, frame));
}

export function decodeResponseFrame(profile: Profile, frame: Uint8Array): BossMessage {
  return decodeResponse(profile, singleBody(profile, frame));
}

/** The one body of a buffer that must hold exactly one frame. */
export function singleBody(profile: Profile, frame: Uint8Array): Uint8Array {
  const decoder = new FrameDecoder(profile.framing);
  const bodies = decoder.push(frame);
  const body = bodies[0];
  if (bodies.length > 1) throw new BossFrameError('extra', `expected one frame, found ${bodies.length}`, frame);
  decoder.end();
  if (body === undefined) throw new BossFrameError('truncated', 'no frame', frame);
  return body;
}
