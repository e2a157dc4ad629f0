/**
 * Understanding never throws: a bug on one odd message must not end the conversation (the bot
 * asks again instead). The exception goes to `onError`, so an operator still hears of it.
 */
export function safely<T>(work: () => T, fallback: () => T, onError: ((error: unknown) => void) | undefined): T {
  try {
    return work();
  } catch (error) {
    try {
      onError?.(error);
    } catch {
      // A failing reporter must not turn the swallowed bug into a thrown one.
    }
    return fallback();
  }
}
