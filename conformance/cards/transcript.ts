import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../src/core/errors.ts';
import { parseHex, toHex } from '../../src/core/hex.ts';
import { resolveCardType, type CardType } from '../../src/cards/card-type.ts';
import { CardMuteError } from '../../src/cards/synchronous-card.ts';
import { checkBytes, checkEqual, fail, notApplicable, type ConformanceCase } from '../framework/case.ts';
import { CARD_CAPABILITY, freshCard, type CardTarget, type TestCard } from './target.ts';

/**
 * A golden transcript: a chip-level exchange with a card, step by step, with the source that the
 * expected bytes come from (a datasheet example, or a sequence derived by hand from a cited clause).
 * Files live in vectors/cards/<TYPE>/*.json. Hex is written spaced, "30 00 04".
 */
export interface CardTranscript {
  readonly id: string;
  readonly title: string;
  /** Where the expected bytes come from: datasheet section, standard clause or public trace. */
  readonly source: string;
  readonly card: { readonly type: CardType; readonly secret?: string };
  readonly steps: readonly TranscriptStep[];
}

export type TranscriptStep =
  | { readonly op: 'power-on' | 'reset'; readonly expect?: string; readonly comment?: string }
  | { readonly op: 'power-off'; readonly comment?: string }
  | {
      readonly op: 'command';
      readonly send: string;
      /** Bytes the host clocks out (ChipCommand.readLength). */
      readonly read?: number;
      /** Expected outgoing data; omitted = not checked. */
      readonly expect?: string;
      readonly acknowledged?: boolean;
      /** true: the card must not answer (power lost during this command). */
      readonly mute?: boolean;
      readonly comment?: string;
    }
  | { readonly op: 'power-loss-after'; readonly bytes: number; readonly comment?: string };

const VECTOR_ROOT = fileURLToPath(new URL('../../vectors/cards/', import.meta.url));

/**
 * Loads and validates every transcript of a card type from `root/<TYPE>/*.json`; a bad file (broken
 * JSON, a malformed step, a transcript for another card type) is an InputError naming it.
 */
export function loadTranscripts(type: CardType, root = VECTOR_ROOT): CardTranscript[] {
  const dir = join(root, type);
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return files.map((file) => {
    const path = join(dir, file);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new InputError(path, `not valid JSON (${(error as Error).message})`, { cause: error });
    }
    const transcript = parseTranscript(json, path);
    if (transcript.card.type !== type) throw new InputError(path, `"card.type" is ${transcript.card.type}, but the file is among the ${type} vectors`);
    return transcript;
  });
}

export function parseTranscript(json: unknown, origin: string): CardTranscript {
  const t = json as Partial<CardTranscript> | null;
  const need = (ok: boolean, what: string): void => {
    if (!ok) throw new InputError(origin, what);
  };
  const hex = (value: unknown, field: string): void => {
    need(typeof value === 'string', `${field} must be a hex string`);
    parseHex(value as string, `${origin} ${field}`);
  };
  need(typeof t === 'object' && t !== null, 'a transcript must be a JSON object');
  need(typeof t!.id === 'string' && typeof t!.title === 'string', '"id" and "title" must be strings');
  need(typeof t!.source === 'string' && t!.source.length > 0, '"source" must cite where the bytes come from');
  need(typeof t!.card?.type === 'string', '"card.type" must name the card type');
  need(Array.isArray(t!.steps) && t!.steps.length > 0, '"steps" must be a non-empty array');
  let type: CardType;
  try {
    type = resolveCardType(t!.card!.type).type;
  } catch (error) {
    throw new InputError(origin, `"card.type": ${(error as Error).message}`, { cause: error });
  }
  if (t!.card!.secret !== undefined) hex(t!.card!.secret, '"card.secret"');
  t!.steps!.forEach((step, i) => {
    const where = `step ${i + 1}`;
    need(typeof step === 'object' && step !== null, `${where}: a step must be a JSON object`);
    if (step.op === 'command') {
      hex(step.send, `${where} "send"`);
      if (step.expect !== undefined) hex(step.expect, `${where} "expect"`);
      need(step.read === undefined || (Number.isInteger(step.read) && step.read >= 0), `${where}: "read" must be a whole number`);
      need(step.acknowledged === undefined || typeof step.acknowledged === 'boolean', `${where}: "acknowledged" must be true or false`);
      need(step.mute === undefined || typeof step.mute === 'boolean', `${where}: "mute" must be true or false`);
    } else if (step.op === 'power-on' || step.op === 'reset') {
      if (step.expect !== undefined) hex(step.expect, `${where} "expect"`);
    } else if (step.op === 'power-loss-after') {
      need(Number.isInteger(step.bytes) && step.bytes >= 0, `${where}: "bytes" must be a whole number`);
    } else if (step.op !== 'power-off') {
      throw new InputError(origin, `${where}: unknown op ${JSON.stringify((step as { op: unknown }).op)}`);
    }
  });
  return { ...(t as CardTranscript), card: { ...t!.card!, type } };
}

/** Replays a transcript step by step; the first mismatch fails the case with the step and the bytes. */
export async function replayTranscript(transcript: CardTranscript, card: TestCard): Promise<void> {
  for (const [index, step] of transcript.steps.entries()) {
    const where = `${transcript.id} step ${index + 1}${step.comment ? ` (${step.comment})` : ''}`;
    switch (step.op) {
      case 'power-on':
      case 'reset': {
        const atr = step.op === 'power-on' ? await card.powerOn() : await card.reset();
        if (step.expect !== undefined) checkBytes(atr, parseHex(step.expect), `${where}: answer to reset`);
        break;
      }
      case 'power-off':
        await card.powerOff();
        break;
      case 'power-loss-after':
        if (!card.faults) notApplicable(`${where}: the target cannot inject power loss`);
        card.faults.powerLossAfter(step.bytes);
        break;
      case 'command': {
        const bytes = parseHex(step.send);
        const command = step.read !== undefined ? { bytes, readLength: step.read } : { bytes };
        if (step.mute) {
          try {
            const response = await card.execute(command);
            fail(`${where}: expected no answer (power lost), got ${toHex(response.data) || 'an empty answer'}`);
          } catch (error) {
            if (!(error instanceof CardMuteError)) throw error;
          }
          break;
        }
        const response = await card.execute(command);
        if (step.acknowledged !== undefined) checkEqual(response.acknowledged, step.acknowledged, `${where}: acknowledge`);
        if (step.expect !== undefined) checkBytes(response.data, parseHex(step.expect), `${where}: data`);
        break;
      }
    }
  }
}

/** One conformance case per golden transcript of `type`, id and clause taken from the file. */
export function transcriptCases(type: CardType): ConformanceCase<CardTarget>[] {
  return loadTranscripts(type).map((transcript) => ({
    id: transcript.id,
    clause: transcript.source,
    title: transcript.title,
    tags: ['golden-vector'],
    requires: [
      CARD_CAPABILITY.freshCard,
      ...(transcript.steps.some((s) => s.op === 'power-loss-after') ? [CARD_CAPABILITY.powerLoss] : []),
    ],
    async run(context) {
      const card = await freshCard(context, transcript.card.secret ? { secret: parseHex(transcript.card.secret) } : {});
      await replayTranscript(transcript, card);
    },
  }));
}
