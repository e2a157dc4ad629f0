/**
 * The conversation as the agent and the ticket see it. Bounded, because a ticket needs the
 * recent exchange, not every word, and stored state must stay small.
 */
import type { TranscriptEntry } from '../contracts/backend.js';

export const MAX_TRANSCRIPT_ENTRIES = 60;
export const MAX_TRANSCRIPT_TEXT = 500;

export function appendTranscript(transcript: readonly TranscriptEntry[], entry: TranscriptEntry): TranscriptEntry[] {
  const text = entry.text.length > MAX_TRANSCRIPT_TEXT ? `${entry.text.slice(0, MAX_TRANSCRIPT_TEXT)}…` : entry.text;
  return [...transcript, { ...entry, text }].slice(-MAX_TRANSCRIPT_ENTRIES);
}
