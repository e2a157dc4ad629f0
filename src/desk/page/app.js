/* global document, sessionStorage, fetch, EventSource, FormData, URLSearchParams, location */
// The agent desk page: plain script, no framework, nothing from a CDN (docs/desk.md).
// Texts come from /desk/locales/<lang> (locales/<lang>/desk.json); keys are written in full.
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  let texts = {};
  let token = sessionStorage.getItem('deskToken') || '';
  let agent = JSON.parse(sessionStorage.getItem('deskAgent') || 'null');
  let selected = null;
  let stream = null;

  const t = (key, vars = {}) => {
    let node = texts;
    for (const part of key.replace(/^desk\./, '').split('.')) node = node && node[part];
    const s = typeof node === 'string' ? node : key;
    return s.replace(/\{\{(\w+)\}\}/g, (_, name) => String(vars[name] ?? ''));
  };
  const el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) if (k === 'class') node.className = v; else node.setAttribute(k, v);
    for (const c of children) node.append(c);
    return node;
  };

  async function loadTexts(lang) {
    texts = await (await fetch(`/desk/locales/${lang}`)).json();
    document.documentElement.lang = lang;
    document.title = t('desk.title');
    for (const node of document.querySelectorAll('[data-t]')) node.textContent = t(node.getAttribute('data-t'));
    if (selected) await openCase(selected);
    await refreshQueue();
  }

  async function api(method, path, body) {
    const res = await fetch(path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status === 401 && path !== '/desk/api/login') showLogin();
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : {} };
  }

  function showLogin() {
    token = '';
    sessionStorage.removeItem('deskToken');
    stream?.close();
    $('login').hidden = false;
    $('desk').hidden = true;
    $('logout').hidden = true;
    $('who').textContent = '';
  }

  function showDesk() {
    $('login').hidden = true;
    $('desk').hidden = false;
    $('logout').hidden = false;
    $('who').textContent = agent ? agent.displayName : '';
    stream?.close();
    // EventSource cannot send headers: the token goes in the query.
    stream = new EventSource(`/desk/api/events?access_token=${encodeURIComponent(token)}`);
    for (const type of ['handoff', 'customerMessage', 'agentMessage', 'claimed', 'closed']) {
      stream.addEventListener(type, (e) => {
        const event = JSON.parse(e.data);
        void refreshQueue();
        if (selected === event.conversationId) void openCase(selected);
      });
    }
    void refreshQueue();
  }

  async function refreshQueue() {
    if (!token) return;
    const { status, json } = await api('GET', '/desk/api/queue');
    if (status !== 200) return;
    const list = $('queue');
    list.replaceChildren();
    if (json.items.length === 0) list.append(el('li', {}, t('desk.queue.empty')));
    for (const item of json.items) {
      const li = el('li', { 'data-id': item.conversationId, class: item.conversationId === selected ? 'selected' : '' },
        el('span', { class: `state-${item.state}` }, t(`desk.queue.${item.state === 'waiting' ? 'waiting' : 'claimed'}`)), ' ',
        `${item.outcome || ''} · ${item.ticketId || ''} · ${t('desk.queue.minutes', { count: Math.floor(item.waitingSeconds / 60) })}`,
        item.agent ? ` · ${item.agent}` : '');
      li.addEventListener('click', () => void openCase(item.conversationId));
      list.append(li);
    }
  }

  const unknown = (v) => (v === null || v === undefined || v === '' ? t('desk.case.unknown') : String(v));
  const group = (title, rows) => el('fieldset', {}, el('legend', {}, t(title)),
    el('dl', {}, ...rows.flatMap(([label, value]) => [el('dt', {}, t(label)), el('dd', {}, unknown(value))])));

  async function openCase(id) {
    // A live event re-draws the open case: the agent's unsent reply and note must survive it.
    const drafts = selected === id ? { reply: $('reply')?.value ?? '', note: $('note')?.value ?? '', focused: document.activeElement?.id } : null;
    selected = id;
    const { status, json: c } = await api('GET', `/desk/api/conversations/${encodeURIComponent(id)}`);
    if (status !== 200) return;
    const ev = (c.diagnosis && c.diagnosis.evidence) || {};
    const channel = c.answers.paymentChannel ? [c.answers.paymentChannel.method, c.answers.paymentChannel.provider].filter(Boolean).join(' ') : null;
    const notice = el('p', { id: 'notice', role: 'alert' });
    const view = $('case');
    view.replaceChildren(
      el('h2', {}, `${unknown(c.outcome)} · ${t('desk.case.fields.ticket')} ${unknown(c.ticket && c.ticket.ticketId)}`),
      el('p', {}, `${t('desk.case.fields.reason')}: ${c.reason} · ${c.agent ? t('desk.case.heldBy', { agent: c.agent }) : t('desk.queue.waiting')}`),
      el('div', { class: 'groups' },
        group('desk.case.groups.customer', [['desk.case.fields.class', c.customer.customerClass], ['desk.case.fields.msisdn', c.customer.msisdn], ['desk.case.fields.name', c.customer.name || c.customer.accountName], ['desk.case.fields.cardType', c.customer.cardType]]),
        group('desk.case.groups.payment', [['desk.case.fields.date', c.answers.paymentDate], ['desk.case.fields.channel', channel]]),
        group('desk.case.groups.system', [['desk.case.fields.collection', ev.collectionStatus], ['desk.case.fields.hlr', [ev.hlrState, ...(ev.barrings || [])].filter(Boolean).join(' ')], ['desk.case.fields.profile', [ev.dscStatus, ...(ev.profileBlocks || [])].filter(Boolean).join(' ')]]),
        group('desk.case.groups.services', [['desk.case.groups.services', (c.answers.affectedServices || []).join(', ')]]),
        group('desk.case.groups.location', [['desk.case.groups.location', c.answers.location]]),
        group('desk.case.groups.contact', [['desk.case.groups.contact', c.answers.alternateContact]])),
      el('details', {}, el('summary', {}, t('desk.case.evidence')), el('pre', {}, JSON.stringify(c.diagnosis, null, 2))),
      el('h3', {}, t('desk.case.transcript')),
      el('div', { class: 'transcript' }, ...c.transcript.map((line) =>
        el('p', { class: `line ${line.from}` }, el('b', {}, line.agent || t(`desk.case.from.${line.from === 'customer' ? 'customer' : line.from === 'bot' ? 'bot' : 'agent'}`)), line.text))),
      notice,
    );
    if (c.state === 'closed') {
      notice.textContent = t('desk.case.closed');
    } else {
      const claim = el('button', { id: 'claim' }, t('desk.case.claim'));
      claim.addEventListener('click', async () => {
        const r = await api('POST', `/desk/api/conversations/${encodeURIComponent(id)}/claim`);
        if (r.status === 409) notice.textContent = t('desk.case.conflict');
        else await openCase(id);
      });
      const reply = el('textarea', { id: 'reply', placeholder: t('desk.case.replyPlaceholder') });
      const send = el('button', { id: 'send' }, t('desk.case.send'));
      send.addEventListener('click', async () => {
        if (!reply.value.trim()) return;
        const r = await api('POST', `/desk/api/conversations/${encodeURIComponent(id)}/messages`, { text: reply.value });
        if (r.status === 409) notice.textContent = t('desk.case.conflict');
        else { reply.value = ''; await openCase(id); }
      });
      const note = el('input', { id: 'note', placeholder: t('desk.case.notePlaceholder') });
      const close = el('button', { id: 'close' }, t('desk.case.close'));
      close.addEventListener('click', async () => {
        const r = await api('POST', `/desk/api/conversations/${encodeURIComponent(id)}/close`, { note: note.value });
        if (r.status === 409) notice.textContent = t('desk.case.conflict');
        else await openCase(id);
      });
      // Claimed by this agent already: no claim button, just the reply.
      view.append(...(c.state === 'waiting' ? [el('div', { class: 'actions' }, claim)] : []), reply, el('div', { class: 'actions' }, send), el('div', { class: 'actions' }, note, close));
      if (drafts) {
        reply.value = drafts.reply;
        note.value = drafts.note;
        if (drafts.focused === 'reply' || drafts.focused === 'note') $(drafts.focused).focus();
      }
    }
    await refreshQueue();
  }

  $('login').addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = new FormData(e.target);
    const r = await api('POST', '/desk/api/login', { username: form.get('username'), password: form.get('password') });
    if (r.status !== 200) { $('login-error').textContent = t(r.status === 429 ? 'desk.login.limited' : 'desk.login.failed'); return; }
    token = r.json.token;
    agent = r.json.agent;
    sessionStorage.setItem('deskToken', token);
    sessionStorage.setItem('deskAgent', JSON.stringify(agent));
    $('login-error').textContent = '';
    showDesk();
  });
  $('logout').addEventListener('click', async () => { await api('POST', '/desk/api/logout'); showLogin(); });
  $('lang').addEventListener('change', (e) => void loadTexts(e.target.value));
  const lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'id';
  $('lang').value = lang;
  void loadTexts(lang).then(() => (token ? showDesk() : showLogin()));
})();
