/**
 * A command as a card application sees it once the card has parsed the APDU and handled the
 * transport (T=0 GET RESPONSE and the like): its header and data. Applications (the PBOC purse, the
 * PSAM's purchase functions) answer with data and a status word, or leave the command to the card.
 */
export interface AppCommand {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly data: Uint8Array;
}

export interface AppAnswer {
  readonly data: Uint8Array;
  readonly sw: number;
}

export const appAnswer = (sw: number, data: Uint8Array = new Uint8Array(0)): AppAnswer => ({ data, sw });
