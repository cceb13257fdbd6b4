import type { FaultPersona } from './types.ts';

/** `delay`: every answer leaves `ms` later on the emulator's clock (client timeouts, slow HSMs). */
export function delayAnswers(ms: number): FaultPersona {
  return {
    name: 'delay',
    summary: `answers ${ms} ms late`,
    apply: async (answer, { clock }) => {
      await clock.sleep(ms);
      return { kind: 'send', message: answer.message };
    },
  };
}
