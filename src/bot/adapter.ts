/**
 * The Bot Framework adapter: `CloudAdapter` authenticated by configuration. With an empty
 * `MicrosoftAppId` requests are anonymous (what the Emulator needs); with one set, every
 * request must carry a valid channel token or it is rejected with 401.
 */
import {
  type Activity,
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type ConversationState,
  StatusCodes,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationConstants, type BotFrameworkAuthentication } from 'botframework-connector';
import type { Request, Response } from 'restify';
import type { Config } from '../config.js';
import { resolveLocale, type Translator } from '../i18n.js';
import type { Logger } from '../log.js';
import { ClientCachingAuthentication } from './clientCache.js';

type AuthConfig = Pick<
  Config,
  'MicrosoftAppId' | 'MicrosoftAppPassword' | 'MicrosoftAppType' | 'MicrosoftAppTenantId' | 'BOT_OPENID_METADATA_URL'
>;

/** Token problems are the caller's fault (401); failing to fetch signing keys is ours (503). */
function authFailureStatus(error: unknown): 401 | 503 {
  const e = error as { statusCode?: number; name?: string };
  if (e.statusCode === 401) return 401;
  if (e.name && /JsonWebToken|TokenExpired|NotBefore/.test(e.name)) return 401;
  return 503;
}

/**
 * CloudAdapter answers 500 when a token's signature is wrong (the JWT library's error is not
 * an AuthenticationError), so requests are authenticated here first and mapped to 401/503.
 */
export class BotAdapter extends CloudAdapter {
  constructor(
    private readonly auth: BotFrameworkAuthentication,
    private readonly log: Logger,
  ) {
    super(auth);
  }

  async handle(req: Request, res: Response, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = req.body as Activity;
    const header = String(req.headers.authorization ?? '');
    let authResult;
    try {
      authResult = await this.auth.authenticateRequest(activity, header);
    } catch (error) {
      const status = authFailureStatus(error);
      this.log.warn({ event: 'auth.rejected', status, reason: (error as Error).message, channelId: activity.channelId }, 'request not authenticated');
      res.writeHead(status, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ title: status === 401 ? 'Unauthorized' : 'Cannot validate tokens now', status }));
      return;
    }
    const invokeResponse = await this.processActivity(authResult, activity, logic);
    // botbuilder answers an invoke nobody handled (an unknown name, a value of the wrong
    // shape) with 501. That reads as the bot's failure (operators alert on 5xx, channels
    // retry): the caller asked for something the bot does not offer, so it is a 400.
    const status = invokeResponse?.status === StatusCodes.NOT_IMPLEMENTED ? StatusCodes.BAD_REQUEST : (invokeResponse?.status ?? 200);
    if (invokeResponse?.body !== undefined) {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(invokeResponse.body));
    } else {
      res.writeHead(status);
      res.end();
    }
  }
}

export function createAdapter(
  config: AuthConfig,
  deps: { log: Logger; translator: Translator; conversationState?: ConversationState },
): BotAdapter {
  const authConfig: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
    // Overriding one endpoint switches botbuilder to "parameterized" mode, where every other
    // endpoint must be given too: the public cloud's values, except the metadata URL.
    ...(config.BOT_OPENID_METADATA_URL
      ? {
          ToBotFromChannelOpenIdMetadataUrl: config.BOT_OPENID_METADATA_URL,
          ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
          ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
          ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
          ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
          OAuthUrl: AuthenticationConstants.OAuthUrl,
          CallerId: CallerIdConstants.PublicAzureChannel,
          ValidateAuthority: true,
        }
      : {}),
  };
  const adapter = new BotAdapter(new ClientCachingAuthentication(new ConfigurationBotFrameworkAuthentication(authConfig)), deps.log);
  adapter.onTurnError = (context, error) => handleTurnError(context, error, deps);
  return adapter;
}

/**
 * Logs with context, tells the customer in their language what to do next, and clears the
 * conversation's dialog state so that a broken step cannot trap them: the next message
 * starts cleanly.
 */
export async function handleTurnError(
  context: TurnContext,
  error: unknown,
  deps: { log: Logger; translator: Translator; conversationState?: ConversationState },
): Promise<void> {
  const { activity } = context;
  if (activity.type === 'event' && activity.name === 'ContinueConversation') {
    // A proactive turn (outbox, monitoring): its caller retries; the customer's state stays.
    throw error;
  }
  deps.log.error(
    {
      event: 'turn.failed',
      err: error,
      conversationId: activity.conversation?.id,
      channelId: activity.channelId,
      activityType: activity.type,
      activityId: activity.id,
    },
    'turn failed',
  );
  try {
    if (activity.type === 'message') {
      const t = deps.translator.forLocale(resolveLocale(activity.locale));
      await context.sendActivity(t('errors.turnFailed'));
    }
    if (activity.channelId === 'emulator') {
      await context.sendTraceActivity('OnTurnError', (error as Error)?.message ?? String(error), 'https://www.botframework.com/schemas/error', 'TurnError');
    }
    await deps.conversationState?.delete(context);
  } catch (secondary) {
    deps.log.error({ event: 'turn.error_handler_failed', err: secondary, conversationId: activity.conversation?.id }, 'turn error handler failed');
  }
}
