/** shapeForTeams alone: whatever a dialog sends, Teams gets no suggested actions beside a card, never more than three, no events. */
import { ActionTypes, CardFactory, MessageFactory } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { shapeForTeams, TEAMS_MAX_SUGGESTED_ACTIONS } from '../../src/channels/teams/outgoing.js';
import { createTranslator } from '../../src/i18n.js';

const translator = createTranslator();
const imBack = (title: string) => ({ type: ActionTypes.ImBack, title, value: title });

describe('shapeForTeams', () => {
  it('turns four suggested actions without any choice meaning into a card of four Action.Submit buttons', () => {
    const shaped = shapeForTeams(MessageFactory.suggestedActions(['A', 'B', 'C', 'D'].map(imBack), 'Pilih'), translator, 'id-ID')!;
    expect(shaped.suggestedActions).toBeUndefined();
    expect(shaped.text).toBe('Pilih');
    const card = shaped.attachments![0]!.content as { version: string; actions: Array<{ type: string; title: string; data: unknown }> };
    expect(card.version).toBe('1.5');
    expect(card.actions.map((a) => [a.type, a.title])).toEqual(['A', 'B', 'C', 'D'].map((t) => ['Action.Submit', t]));
    expect(card.actions[3]!.data).toEqual({ sop007: { answer: 'D' } });
    expect(TEAMS_MAX_SUGGESTED_ACTIONS).toBe(3);
  });

  it('keeps attachments a message already had, adds the card after them, and drops the suggested actions', () => {
    const hero = CardFactory.heroCard('x');
    const shaped = shapeForTeams({ ...MessageFactory.suggestedActions([imBack('Ya')], 'Oke?'), attachments: [hero] }, translator, 'en')!;
    expect(shaped.attachments).toHaveLength(2);
    expect(shaped.attachments![0]).toBe(hero);
    expect(shaped.suggestedActions).toBeUndefined();
  });

  it('drops event activities (handoff.initiate) and passes typing and traces as they are', () => {
    expect(shapeForTeams({ type: 'event', name: 'handoff.initiate' }, translator, 'id')).toBeUndefined();
    expect(shapeForTeams({ type: 'typing' }, translator, 'id')).toEqual({ type: 'typing' });
  });

  it('labels the multi-select submit in the customer\'s language and removes the dialogs\' channelData.choice', () => {
    const message = { ...MessageFactory.suggestedActions([imBack('Internet'), imBack('SMS')], 'Which?'), channelData: { choice: { slot: 'affectedServices', multiSelect: true }, notification: { alert: true } } };
    const shaped = shapeForTeams(message, translator, 'en-US')!;
    expect(shaped.channelData).toEqual({ notification: { alert: true } });
    const card = shaped.attachments![0]!.content as { actions: Array<{ title: string }>; body: Array<{ type: string; isMultiSelect: boolean }> };
    expect(card.actions.map((a) => a.title)).toEqual(['Send']);
    expect(card.body[0]).toMatchObject({ type: 'Input.ChoiceSet', isMultiSelect: true });
  });
});
