/* global window, document, fetch */
// The /chat page's script (plain browser JavaScript, served as is): gets an anonymous
// Direct Line token from the bot, then renders Microsoft's Web Chat against the bot's own
// Direct Line endpoint. The token and conversation are kept in sessionStorage so a reload
// resumes the same conversation.
(function () {
  'use strict';
  var root = document.getElementById('chat');
  var data = root.dataset;
  var colors = JSON.parse(data.colors);
  var domain = window.location.origin + '/v3/directline';
  var saved;
  try {
    saved = JSON.parse(window.sessionStorage.getItem('sop007.chat') || 'null');
  } catch {
    saved = null;
  }

  function fail() {
    root.innerHTML = '';
    var p = document.createElement('p');
    p.id = 'status';
    p.setAttribute('role', 'alert');
    p.textContent = data.unavailable;
    root.appendChild(p);
  }

  function start(session) {
    window.sessionStorage.setItem('sop007.chat', JSON.stringify(session));
    // The locale reaches the bot with the conversation's start, so the greeting is in it.
    var directLine = window.WebChat.createDirectLine({
      token: session.token,
      domain: domain,
      conversationId: session.resume ? session.conversationId : undefined,
      conversationStartProperties: { locale: data.locale },
    });
    root.innerHTML = '';
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        locale: data.locale,
        styleOptions: {
          accent: colors.primary,
          backgroundColor: '#ffffff',
          bubbleBackground: colors.botBubble,
          bubbleFromUserBackground: colors.userBubble,
          bubbleFromUserTextColor: colors.userBubbleText,
          bubbleBorderRadius: 12,
          bubbleFromUserBorderRadius: 12,
          bubbleMaxWidth: 560,
          suggestedActionLayout: 'flow',
          suggestedActionBorderRadius: 16,
          sendBoxTextWrap: true,
          hideUploadButton: true,
          botAvatarInitials: undefined,
          userAvatarInitials: undefined,
        },
        strings: { TEXT_INPUT_PLACEHOLDER: data.placeholder },
      },
      root,
    );
  }

  if (saved && saved.token && saved.lang === data.lang) {
    start({ token: saved.token, conversationId: saved.conversationId, lang: data.lang, resume: true });
    return;
  }
  fetch('/chat/token', { method: 'POST', headers: { accept: 'application/json' } })
    .then(function (res) {
      if (!res.ok) throw new Error('token ' + res.status);
      return res.json();
    })
    .then(function (body) {
      start({ token: body.token, conversationId: body.conversationId, lang: data.lang, resume: false });
    })
    .catch(fail);
})();
