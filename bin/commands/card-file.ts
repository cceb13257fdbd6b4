import { InputError } from '../../src/core/errors.ts';
import { CARD_DEFINITIONS } from '../../simulators/cards/registry.ts';
import type { CardOptions, EmulatedCard } from '../../simulators/cards/common/emulated-card.ts';
import { loadImageFile } from '../../simulators/cards/common/image.ts';

/**
 * Loads a card image file as an emulated card. Every complaint names the file, and an area the card
 * type does not have is refused rather than dropped on the next save.
 */
export async function loadCard(file: string, options?: CardOptions): Promise<EmulatedCard> {
  const image = await loadImageFile(file);
  let card: EmulatedCard;
  try {
    card = CARD_DEFINITIONS[image.type].fromImage(image, options);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(file, error.message, { cause: error });
    throw error;
  }
  const known = Object.keys(card.toImage().areas);
  const unknown = Object.keys(image.areas).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new InputError(file, `${image.type} has no area ${unknown.map((n) => `"${n}"`).join(', ')} (its areas: ${known.join(', ')})`);
  }
  return card;
}

