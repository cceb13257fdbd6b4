import { bytesEqual } from '../../../src/core/hex.ts';
import { allDfs, isDf, MF_FID, type CardFile, type DedicatedFile, type ElementaryFile } from './files.ts';

/**
 * Selection by file identifier [ISO/IEC 7816-4 §7.1.1, P1 = 00]. 3F00 is always the MF; any other
 * FID is looked for, in this order, as the current DF itself, a child of the current DF, the parent
 * DF, and a child of the parent DF (a sibling).
 */
export function findByFid(mf: DedicatedFile, current: DedicatedFile, fid: number): CardFile | undefined {
  if (fid === MF_FID) return mf;
  if (current.fid === fid) return current;
  const child = current.children.find((f) => f.fid === fid);
  if (child) return child;
  const parent = current.parent;
  if (!parent) return undefined;
  if (parent.fid === fid) return parent;
  return parent.children.find((f) => f.fid === fid);
}

/** Selection by DF name (P1 = 04): the first DF, depth first from the MF, whose name equals `name` exactly. */
export function findByName(mf: DedicatedFile, name: Uint8Array): DedicatedFile | undefined {
  return allDfs(mf).find((df) => df.name !== undefined && bytesEqual(df.name, name));
}

/** Selection by path from the MF (P1 = 08): FIDs of 2 bytes each, 3F00 left out, each a child of the one before. */
export function findByPath(mf: DedicatedFile, path: Uint8Array): CardFile | undefined {
  let file: CardFile = mf;
  for (let i = 0; i < path.length; i += 2) {
    if (!isDf(file)) return undefined;
    const fid = (path[i]! << 8) | path[i + 1]!;
    const next: CardFile | undefined = file.children.find((f) => f.fid === fid);
    if (!next) return undefined;
    file = next;
  }
  return file;
}

/** The EF of the current DF with short identifier `sfi` [ISO/IEC 7816-4 §5.3.1.3]. */
export function findBySfi(current: DedicatedFile, sfi: number): ElementaryFile | undefined {
  return current.children.find((f): f is ElementaryFile => !isDf(f) && f.sfi === sfi);
}
