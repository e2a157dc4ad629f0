/**
 * The Direct Line 3.0 REST routes, as `botframework-directlinejs` and Web Chat call them:
 * tokens/generate (with the secret), tokens/refresh, conversations (start, reconnect),
 * activities (post, poll with a watermark); plus `/chat/token`, the bot's own page's
 * anonymous token, rate-limited per client IP. Errors are problem+json; a missing or bad
 * token is 401, an expired one 403 (what directlinejs reads as "expired"), another
 * conversation's 403.
 */
import type { Request, Response } from 'restify';
import type restify from 'restify';
import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { z } from 'zod';
import { checkActivity } from '../../http/activityGuard.js';
import { BodyError, readJsonObject } from '../../http/body.js';
import { problem } from '../../http/problem.js';
import type { EcareVerifier } from '../../services/ecareIdentity.js';
import type { DirectLineAdapter } from './adapter.js';
import { DIRECT_LINE_CHANNEL } from './adapter.js';
import { activitiesSince, type ConversationHistory, type StoredActivity, parseWatermark } from './history.js';
import { bearerOf, randomId, type DirectLineClaims, type TokenService } from './tokens.js';
import type { Activity, TurnContext } from 'botbuilder';

export const BOT_ACCOUNT = { id: 'sop007-bot', name: 'sop007-bot', role: 'bot' } as const;

export interface DirectLineRouteDeps {
  tokens: TokenService;
  history: ConversationHistory;
  adapter: DirectLineAdapter;
  logic: (context: TurnContext) => Promise<void>;
  verifyEcare: EcareVerifier;
  maxBodyBytes: number;
  /** `/chat/token` per client IP; default 10 a minute in memory. */
  chatTokenLimiter?: RateLimiterAbstract;
  now?: () => Date;
  onError: (error: unknown, where: string) => void;
}

const GenerateBody = z.object({
  user: z.object({ id: z.string().min(1).max(256).optional(), name: z.string().max(256).optional() }).optional(),
  ecare: z.object({ token: z.string().min(1).max(8192) }).optional(),
}).passthrough();

/** Body ids and names a client chooses must not look like ours, nor like the E-Care prefix. */
const userIdFrom = (given: string | undefined) => (given && /^[A-Za-z0-9_.:@-]{1,128}$/.test(given) && !given.startsWith('dl_') ? `dl_${given}` : randomId('dl_'));

function originOf(req: Request): { http: string; ws: string } {
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]!.trim();
  const secure = forwarded === 'https' || (req.socket as { encrypted?: boolean }).encrypted === true;
  const host = String(req.headers.host ?? 'localhost');
  return { http: `${secure ? 'https' : 'http'}://${host}`, ws: `${secure ? 'wss' : 'ws'}://${host}` };
}

/** restify without its query parser: the query string read here, as the one place that needs it. */
const watermarkOf = (req: Request) => parseWatermark(new URL(req.url ?? '/', 'http://localhost').searchParams.get('watermark') ?? undefined);

export function directLineRoutes(deps: DirectLineRouteDeps) {
  const now = deps.now ?? (() => new Date());
  const limiter = deps.chatTokenLimiter ?? new RateLimiterMemory({ points: 10, duration: 60 });

  /** The token's claims, or null after answering 401/403. */
  const authorize = async (req: Request, res: Response, conversationId?: string): Promise<DirectLineClaims | null> => {
    const check = await deps.tokens.verify(bearerOf(req.headers.authorization));
    if (!check.ok) {
      if (check.reason === 'expired') {
        problem(res, 403, 'Token expired', { detail: 'Get a new token (tokens/generate or /chat/token)' });
      } else {
        res.setHeader('www-authenticate', 'Bearer realm="directline"');
        problem(res, 401, 'Unauthorized', { detail: 'Send Authorization: Bearer <Direct Line token>' });
      }
      return null;
    }
    if (conversationId !== undefined && check.claims.conversationId !== conversationId) {
      problem(res, 403, 'Forbidden', { detail: 'The token is for another conversation' });
      return null;
    }
    return check.claims;
  };

  const readBody = async (req: Request, res: Response): Promise<Record<string, unknown> | null> => {
    try {
      return await readJsonObject(req, deps.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyError) {
        problem(res, error.status, error.message);
        return null;
      }
      throw error;
    }
  };

  /** A body-less POST (Web Chat sends none to tokens/generate) is an empty object. */
  const readOptionalBody = async (req: Request, res: Response): Promise<Record<string, unknown> | null> => {
    const length = Number(req.headers['content-length'] ?? 0);
    if (!req.headers['content-type'] && !(length > 0) && !req.headers['transfer-encoding']) {
      req.resume();
      return {};
    }
    return readBody(req, res);
  };

  const newToken = async (claims: Omit<DirectLineClaims, 'conversationId'>) => {
    const conversationId = randomId('');
    const { token, expires_in } = await deps.tokens.issue({ ...claims, conversationId });
    return { conversationId, token, expires_in };
  };

  const streamUrlFor = async (req: Request, claims: DirectLineClaims, watermark: number) => {
    const { token } = await deps.tokens.issue(claims);
    return `${originOf(req).ws}/v3/directline/conversations/${encodeURIComponent(claims.conversationId)}/stream?watermark=${watermark}&t=${encodeURIComponent(token)}`;
  };

  /** The conversation's first turn: bot and user joined, so the greeting comes unasked. */
  const startConversation = async (req: Request, claims: DirectLineClaims, locale: string | undefined) => {
    const created = await deps.history.create({
      conversationId: claims.conversationId,
      userId: claims.userId,
      ...(claims.userName ? { userName: claims.userName } : {}),
      ...(claims.ecare ? { ecare: claims.ecare } : {}),
      ...(locale ? { locale } : {}),
    });
    if (!created) return false;
    const user = { id: claims.userId, ...(claims.userName ? { name: claims.userName } : {}), role: 'user' };
    await deps.adapter.processActivity(
      {
        ...envelope(req, claims, locale),
        type: 'conversationUpdate',
        id: randomId('cu_'),
        membersAdded: [{ ...BOT_ACCOUNT }, user],
      } as unknown as Partial<Activity>,
      deps.logic,
    );
    return true;
  };

  const envelope = (req: Request, claims: DirectLineClaims, locale: string | undefined) => ({
    channelId: DIRECT_LINE_CHANNEL,
    serviceUrl: originOf(req).http,
    conversation: { id: claims.conversationId },
    from: { id: claims.userId, ...(claims.userName ? { name: claims.userName } : {}), role: 'user' },
    recipient: { ...BOT_ACCOUNT },
    timestamp: now().toISOString(),
    ...(locale ? { locale } : {}),
    // Only the identity the portal's server vouched for, carried in the signed token.
    channelData: claims.ecare ? { ecare: { token: claims.ecare } } : {},
  });

  const guarded = (where: string, handler: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
    try {
      await handler(req, res);
    } catch (error) {
      deps.onError(error, where);
      problem(res, 500, 'Internal error');
    }
  };

  return {
    mount(server: restify.Server) {
      server.post('/v3/directline/tokens/generate', guarded('tokens.generate', async (req, res) => {
        if (!deps.tokens.isSecret(bearerOf(req.headers.authorization))) {
          res.setHeader('www-authenticate', 'Bearer realm="directline"');
          return problem(res, 401, 'Unauthorized', { detail: 'Send Authorization: Bearer <DIRECT_LINE_SECRET>' });
        }
        const raw = await readOptionalBody(req, res);
        if (!raw) return;
        const body = GenerateBody.safeParse(raw);
        if (!body.success) return problem(res, 400, `Invalid body: ${body.error.issues[0]!.path.join('.') || 'body'} ${body.error.issues[0]!.message}`);
        let ecare: string | undefined;
        if (body.data.ecare) {
          const verified = await deps.verifyEcare(body.data.ecare.token, now());
          if ('rejected' in verified) return problem(res, 403, 'E-Care identity rejected', { detail: verified.rejected });
          ecare = body.data.ecare.token;
        }
        const name = body.data.user?.name;
        res.json(200, await newToken({ userId: userIdFrom(body.data.user?.id), ...(name ? { userName: name } : {}), ...(ecare ? { ecare } : {}) }));
      }));

      server.post('/chat/token', guarded('chat-token', async (req, res) => {
        req.resume();
        const ip = req.socket.remoteAddress ?? 'unknown';
        try {
          await limiter.consume(ip);
        } catch (rejection) {
          const ms = (rejection as { msBeforeNext?: number }).msBeforeNext ?? 60_000;
          res.setHeader('retry-after', String(Math.ceil(ms / 1000)));
          return problem(res, 429, 'Too many chat tokens from this address');
        }
        res.json(200, await newToken({ userId: randomId('dl_') }));
      }));

      server.post('/v3/directline/tokens/refresh', guarded('tokens.refresh', async (req, res) => {
        req.resume();
        const claims = await authorize(req, res);
        if (!claims) return;
        const { token, expires_in } = await deps.tokens.issue(claims);
        res.json(200, { conversationId: claims.conversationId, token, expires_in });
      }));

      server.post('/v3/directline/conversations', guarded('conversations.start', async (req, res) => {
        const raw = await readOptionalBody(req, res);
        if (!raw) return;
        let claims: DirectLineClaims | null;
        if (deps.tokens.isSecret(bearerOf(req.headers.authorization))) {
          // The secret itself starts a conversation (server-side clients, as in Azure).
          const given = (raw.user as { id?: unknown } | undefined)?.id;
          claims = { conversationId: randomId(''), userId: userIdFrom(typeof given === 'string' ? given : undefined) };
        } else {
          claims = await authorize(req, res);
          if (!claims) return;
        }
        const locale = typeof raw.locale === 'string' && raw.locale.length <= 35 ? raw.locale : undefined;
        const created = await startConversation(req, claims, locale);
        const { token, expires_in } = await deps.tokens.issue(claims);
        res.json(created ? 201 : 200, { conversationId: claims.conversationId, token, expires_in, streamUrl: await streamUrlFor(req, claims, 0), referenceGrammarId: '' });
      }));

      server.get('/v3/directline/conversations/:id', guarded('conversations.reconnect', async (req, res) => {
        const id = String((req.params as Record<string, unknown>).id);
        const claims = await authorize(req, res, id);
        if (!claims) return;
        if (!(await deps.history.get(id))) return problem(res, 404, 'Conversation not found');
        const { token, expires_in } = await deps.tokens.issue(claims);
        res.json(200, { conversationId: id, token, expires_in, streamUrl: await streamUrlFor(req, claims, watermarkOf(req)) });
      }));

      server.get('/v3/directline/conversations/:id/activities', guarded('activities.get', async (req, res) => {
        const id = String((req.params as Record<string, unknown>).id);
        const claims = await authorize(req, res, id);
        if (!claims) return;
        const record = await deps.history.get(id);
        if (!record) return problem(res, 404, 'Conversation not found');
        res.json(200, activitiesSince(record, watermarkOf(req)));
      }));

      server.post('/v3/directline/conversations/:id/activities', guarded('activities.post', async (req, res) => {
        const id = String((req.params as Record<string, unknown>).id);
        const claims = await authorize(req, res, id);
        if (!claims) {
          req.resume();
          return;
        }
        const body = await readBody(req, res);
        if (!body) return;
        const record = await deps.history.get(id);
        if (!record) return problem(res, 404, 'Conversation not found');
        const clientData = body.channelData && typeof body.channelData === 'object' && !Array.isArray(body.channelData) ? (body.channelData as Record<string, unknown>) : {};
        const clientActivityID = typeof clientData.clientActivityID === 'string' ? clientData.clientActivityID.slice(0, 256) : undefined;
        // What the client may choose: the content. Who, where and which channel are ours.
        const { id: _ignoredId, from: _f, recipient: _r, conversation: _c, channelId: _ch, serviceUrl: _s, channelData: _cd, ...content } = body;
        void [_ignoredId, _f, _r, _c, _ch, _s, _cd];
        const base = envelope(req, claims, typeof body.locale === 'string' ? body.locale : record.locale);
        const activity = {
          ...content,
          ...base,
          channelData: { ...(clientActivityID ? { clientActivityID } : {}), ...base.channelData },
        };
        const fault = checkActivity(activity);
        if (fault) return problem(res, 400, `Invalid activity: ${fault.field} ${fault.problem}`, { detail: `${fault.field} ${fault.problem}`, field: fault.field });
        const dedupe = clientActivityID
          ? (kept: StoredActivity[]) => kept.find((a): boolean => (a.channelData as { clientActivityID?: unknown } | undefined)?.clientActivityID === clientActivityID)
          : undefined;
        // The user's own activity joins the history first: Web Chat marks it "sent" when it
        // comes back with its clientActivityID. The stored copy carries no E-Care token.
        const stored = { ...activity, channelData: clientActivityID ? { clientActivityID } : {} };
        const { ids, duplicateOf } = await deps.history.append(id, [stored], dedupe);
        if (duplicateOf) {
          res.json(200, { id: duplicateOf.id });
          return;
        }
        deps.adapter.notify(id);
        await deps.adapter.processActivity({ ...activity, id: ids[0] } as unknown as Partial<Activity>, deps.logic);
        res.json(200, { id: ids[0] });
      }));
    },
  };
}
