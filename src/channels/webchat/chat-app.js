/* global window, document, fetch */
// The /chat page's script (plain browser JavaScript, served as is): gets an anonymous
// Direct Line token from the bot, then renders Microsoft's Web Chat against the bot's own
// Direct Line endpoint. The token and conversation are kept in sessionStorage so a reload
// resumes the same conversation: the saved token is refreshed on reload and while the page
// is open, so it outlives its first lifetime; one that has expired all the same starts a new
// conversation, with a short notice saying so.
(function () {
  'use strict';
  var KEY = 'sop007.chat';
  var root = document.getElementById('chat');
  var data = root.dataset;
  var colors = JSON.parse(data.colors);
  var domain = window.location.origin + '/v3/directline';
  var saved;
  try {
    saved = JSON.parse(window.sessionStorage.getItem(KEY) || 'null');
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

  function notice(text) {
    var p = document.createElement('p');
    p.id = 'notice';
    p.setAttribute('role', 'status');
    p.textContent = text;
    root.parentNode.insertBefore(p, root);
  }

  // POST with an optional bearer token; a refusal rejects with its HTTP status.
  function post(url, token) {
    var headers = { accept: 'application/json' };
    if (token) headers.authorization = 'Bearer ' + token;
    return fetch(url, { method: 'POST', headers: headers }).then(function (res) {
      if (!res.ok) {
        var error = new Error(url + ' ' + res.status);
        error.status = res.status;
        throw error;
      }
      return res.json();
    });
  }

  function save(session) {
    window.sessionStorage.setItem(KEY, JSON.stringify(session));
  }

  // Web Chat refreshes its own copy of the token, which the page cannot read: the saved copy
  // is refreshed here, at half its lifetime, so a reload an hour later still resumes.
  function keepFresh(session, expiresIn) {
    var every = Math.max(60, Number(expiresIn) || 1800) * 500;
    window.setInterval(function () {
      post(domain + '/tokens/refresh', session.token)
        .then(function (body) {
          session.token = body.token;
          save(session);
        })
        .catch(function () {
          // Offline for a moment: the next round, or the reload, tries again.
        });
    }, every);
  }

  function start(session, resume, expiresIn) {
    save(session);
    keepFresh(session, expiresIn);
    // The locale reaches the bot with the conversation's start, so the greeting is in it.
    var directLine = window.WebChat.createDirectLine({
      token: session.token,
      domain: domain,
      conversationId: resume ? session.conversationId : undefined,
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

  function startNew(previousExpired) {
    return post('/chat/token').then(function (body) {
      if (previousExpired) notice(data.expired);
      start({ token: body.token, conversationId: body.conversationId, lang: data.lang }, false, body.expires_in);
    });
  }

  if (saved && saved.token && saved.conversationId && saved.lang === data.lang) {
    // A fresh token for the same conversation, while the saved one is still valid.
    post(domain + '/tokens/refresh', saved.token)
      .then(
        function (body) {
          start({ token: body.token, conversationId: body.conversationId, lang: data.lang }, true, body.expires_in);
        },
        function (error) {
          // 403: expired; 401: no longer ours (e.g. DIRECT_LINE_SECRET changed). Start again.
          if (error.status === 401 || error.status === 403) return startNew(true);
          throw error;
        },
      )
      .catch(fail);
    return;
  }
  startNew(false).catch(fail);
})();
