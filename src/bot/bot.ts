/**
 * The activity handler: greets new customers, runs the main dialog on every message and
 * saves state at the end of each turn. Everything SOP-specific lives in the dialogs.
 */
import {
  ActivityHandler,
  HandoffEventNames,
  type ConversationState,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder';
import { DialogSet, DialogTurnStatus, type Dialog, type DialogState } from 'botbuilder-dialogs';
import { resolveLocale, type Translator } from '../i18n.js';
import { sendGreeting } from './greeting.js';

export interface BotDeps {
  conversationState: ConversationState;
  translator: Translator;
  mainDialog: Dialog;
  /** `handoff.status` events from a hub (src/bot/handoffStatus.ts). */
  onHandoffStatus?: (context: TurnContext) => Promise<void>;
  /** HANDOFF_TARGET=desk: true when the message went to the agent (src/bot/desk.ts). */
  deskIntercept?: (context: TurnContext) => Promise<boolean>;
}

export class SopBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly greeted: StatePropertyAccessor<boolean>;
  private readonly dialogs: DialogSet;

  constructor(private readonly deps: BotDeps) {
    super();
    this.dialogState = deps.conversationState.createProperty<DialogState>('dialogState');
    this.greeted = deps.conversationState.createProperty<boolean>('greeted');
    this.dialogs = new DialogSet(this.dialogState).add(deps.mainDialog);

    this.onMembersAdded(async (context, next) => {
      const added = context.activity.membersAdded ?? [];
      const customerJoined = added.some((member) => member.id !== context.activity.recipient?.id);
      // Teams announces an install by adding the bot itself (personal, group chat, team):
      // that is when the customer first sees it. `greetOnce` keeps it to one greeting.
      const installedInTeams = context.activity.channelId === 'msteams' && added.some((member) => member.id === context.activity.recipient?.id);
      if (customerJoined || installedInTeams) await this.greetOnce(context);
      await next();
    });

    this.onEvent(async (context, next) => {
      if (context.activity.name === HandoffEventNames.HandoffStatus) await deps.onHandoffStatus?.(context);
      await next();
    });

    this.onMessage(async (context, next) => {
      await this.greetOnce(context);
      if (await deps.deskIntercept?.(context)) return next();
      const dialogContext = await this.dialogs.createContext(context);
      const result = await dialogContext.continueDialog();
      if (result.status === DialogTurnStatus.empty) await dialogContext.beginDialog(deps.mainDialog.id);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    // Every turn changes the state (the turn guard stamps it), so botbuilder's change check,
    // a SHA-256 over the whole state, would only ever say "changed": skipped.
    const { conversationState } = this.deps;
    if (conversationState.get(context) !== undefined) await conversationState.saveChanges(context, true);
  }

  private async greetOnce(context: TurnContext): Promise<void> {
    if (await this.greeted.get(context, false)) return;
    await this.greeted.set(context, true);
    await sendGreeting(context, this.deps.translator.forLocale(resolveLocale(context.activity.locale)), context.activity.type !== 'message');
  }
}
