/**
 * A minimal activity the server accepts (every field the activity guard requires), for tests
 * that post raw JSON to /api/messages; `extra` overrides or adds fields.
 */
export function rawActivity(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: 'a1',
    text: 'halo',
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:9/',
    conversation: { id: 'guard-test' },
    from: { id: 'u' },
    recipient: { id: 'b' },
    ...extra,
  };
}
