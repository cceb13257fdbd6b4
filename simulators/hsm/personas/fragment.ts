import type { FaultPersona } from './types.ts';

/** `fragment`: every answer frame goes out in writes of `chunkSize` bytes (1: byte by byte), length prefix included. */
export function fragmentAnswers(chunkSize = 1): FaultPersona {
  return {
    name: 'fragment',
    summary: `writes each answer frame ${chunkSize} byte(s) at a time`,
    apply: async (answer) => ({ kind: 'send', message: answer.message, chunkSize }),
  };
}
