// Foyer's progressive enhancement: every form works without this file. It adds @mention autocomplete.
(function () {
  "use strict";

  function spaceSlug(textarea) {
    var form = textarea.form;
    if (!form) return "";
    var select = form.querySelector("select.audience-select");
    if (select && select.selectedOptions.length) return select.selectedOptions[0].getAttribute("data-slug") || "";
    return form.getAttribute("data-mentions") || "";
  }

  function currentWord(textarea) {
    var before = textarea.value.slice(0, textarea.selectionStart);
    var m = /(^|[\s(])@([\p{L}\p{N}_.\-]{1,40})$/u.exec(before);
    return m ? { query: m[2], start: before.length - m[2].length - 1 } : null;
  }

  function attach(textarea) {
    var list = document.createElement("ul");
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    textarea.insertAdjacentElement("afterend", list);
    var timer = null;
    var active = -1;

    function close() { list.hidden = true; list.textContent = ""; active = -1; }

    function choose(handle) {
      var word = currentWord(textarea);
      if (!word) return close();
      var value = textarea.value;
      var insert = "@" + handle + " ";
      textarea.value = value.slice(0, word.start) + insert + value.slice(textarea.selectionStart);
      var caret = word.start + insert.length;
      textarea.setSelectionRange(caret, caret);
      textarea.focus();
      close();
    }

    function render(people) {
      list.textContent = "";
      active = -1;
      people.forEach(function (p, i) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.id = textarea.id + "-opt-" + i;
        li.textContent = p.displayName + " (@" + p.handle + ")";
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(p.handle); });
        li.dataset.handle = p.handle;
        list.appendChild(li);
      });
      list.hidden = people.length === 0;
    }

    textarea.addEventListener("input", function () {
      var word = currentWord(textarea);
      var slug = spaceSlug(textarea);
      if (!word || !slug) return close();
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch("/spaces/" + encodeURIComponent(slug) + "/mention-candidates?q=" + encodeURIComponent(word.query), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(render)
          .catch(close);
      }, 150);
    });

    textarea.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      var items = list.querySelectorAll("li");
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        active = (active + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
        items.forEach(function (li, i) { li.setAttribute("aria-selected", i === active ? "true" : "false"); });
      } else if ((e.key === "Enter" || e.key === "Tab") && active >= 0) {
        e.preventDefault();
        choose(items[active].dataset.handle);
      } else if (e.key === "Escape") {
        close();
      }
    });
    textarea.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  document.querySelectorAll("textarea.mention-input").forEach(attach);

  // Two-click embeds: nothing is requested from the provider until the reader asks for the player.
  var playerHosts = ["www.youtube-nocookie.com", "player.vimeo.com", "geo.dailymotion.com", "w.soundcloud.com"];
  function playerAllowed(src) {
    try {
      var url = new URL(src);
      if (url.protocol !== "https:") return false;
      return playerHosts.indexOf(url.hostname) >= 0 || /^\/videos\/embed\/[A-Za-z0-9-]+$/.test(url.pathname);
    } catch (e) {
      return false;
    }
  }
  function loadPlayer(figure) {
    var src = figure && figure.getAttribute("data-embed-src");
    if (!src || !playerAllowed(src) || figure.classList.contains("loaded")) return false;
    var frame = document.createElement("iframe");
    frame.src = src;
    frame.title = (figure.getAttribute("data-provider") || "") + " player";
    frame.setAttribute("allow", "fullscreen; picture-in-picture; encrypted-media");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-presentation allow-popups");
    frame.className = "embed-player";
    figure.classList.add("loaded");
    figure.insertBefore(frame, figure.firstChild);
    figure.querySelectorAll(".embed-notice, a.embed-load, .snapshot").forEach(function (n) { (n.closest("p") || n).remove(); });
    return true;
  }
  document.addEventListener("click", function (e) {
    var link = e.target.closest ? e.target.closest("a.embed-load") : null;
    if (!link) return;
    if (loadPlayer(link.closest("figure.embed"))) e.preventDefault();
  });
  // "Always load <provider>": the reader's own setting, given to the page by the server.
  var autoload = (document.body.getAttribute("data-autoload") || "").split(" ").filter(function (p) { return p; });
  function autoLoad(figure) {
    if (autoload.indexOf(figure.getAttribute("data-provider")) >= 0) loadPlayer(figure);
  }
  document.querySelectorAll("figure.embed[data-provider]").forEach(autoLoad);

  // Snapshots: title, author, thumbnail of a link, kept and served by Foyer (never fetched from the provider here).
  var german = (document.documentElement.lang || "").indexOf("de") === 0;
  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text) n.textContent = text;
    return n;
  }
  function duration(s) {
    var m = Math.floor(s / 60), r = s % 60;
    return m + ":" + (r < 10 ? "0" : "") + r;
  }
  function fill(figure, data) {
    var box = el("div", "snapshot");
    if (data.thumbnail) {
      var img = el("img");
      img.src = data.thumbnail;
      img.alt = "";
      img.loading = "lazy";
      box.appendChild(img);
    }
    var text = el("div", "snapshot-text");
    var url = figure.querySelector("a") ? figure.querySelector("a").getAttribute("href") : null;
    if (data.title) {
      if (figure.classList.contains("link-card") && url) {
        var a = el("a", "snapshot-title", data.title);
        a.href = url;
        text.appendChild(a);
      } else {
        text.appendChild(el("strong", "snapshot-title", data.title));
      }
    }
    var meta = [data.author, data.site].filter(function (x) { return x; }).join(" · ");
    if (data.duration) meta += (meta ? " · " : "") + duration(data.duration);
    if (meta) text.appendChild(el("span", "muted snapshot-meta", meta));
    if (data.description && figure.classList.contains("link-card")) text.appendChild(el("p", "snapshot-description", data.description));
    box.appendChild(text);
    figure.insertBefore(box, figure.firstChild);
    // A video page found by oEmbed discovery (PeerTube on any host) becomes a two-click embed.
    if (data.player && figure.classList.contains("link-card") && playerAllowed(data.player)) {
      figure.classList.remove("link-card");
      figure.classList.add("embed");
      figure.setAttribute("data-provider", data.provider || "PeerTube");
      figure.setAttribute("data-embed-src", data.player);
      var p = el("p");
      var load = el("a", "embed-load", (german ? "Video von " : "Load video from ") + (data.provider || "PeerTube") + (german ? " laden" : ""));
      load.href = url || "#";
      p.appendChild(load);
      figure.appendChild(p);
      autoLoad(figure);
    }
  }
  document.querySelectorAll("figure[data-preview]").forEach(function (figure) {
    var token = figure.getAttribute("data-preview");
    var tries = 0;
    function ask() {
      fetch("/previews/" + encodeURIComponent(token), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) {
          if (r.status === 202) {
            if (++tries < 6) setTimeout(ask, 1000 * tries);
            return null;
          }
          return r.ok ? r.json() : null;
        })
        .then(function (data) {
          if (data && data.status === "ready" && !figure.classList.contains("loaded")) fill(figure, data);
        })
        .catch(function () { /* the link alone still works */ });
    }
    ask();
  });
  // Attachments: files dropped on a form's drop zone join those chosen with its file input (plain input without JS).
  document.querySelectorAll(".attach .dropzone").forEach(function (zone) {
    var input = zone.querySelector("input[type=file]");
    if (!input || typeof DataTransfer === "undefined") return;
    function list() {
      var names = Array.prototype.map.call(input.files, function (f) { return f.name; }).join(", ");
      zone.setAttribute("data-files", names);
    }
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      if (!e.dataTransfer || !e.dataTransfer.files.length) return;
      var all = new DataTransfer();
      Array.prototype.forEach.call(input.files, function (f) { all.items.add(f); });
      Array.prototype.forEach.call(e.dataTransfer.files, function (f) { all.items.add(f); });
      input.files = all.files;
      list();
    });
    input.addEventListener("change", list);
  });
  // Live: the bell's count, new posts and comments where the reader is looking (server-sent events; polling if not).
  var bell = document.querySelector("a.bell");
  function setUnread(n) {
    if (!bell) return;
    var count = bell.querySelector(".bell-count");
    count.textContent = n > 0 ? String(n) : "";
    count.setAttribute("data-count", String(n));
    bell.setAttribute("aria-label", (bell.getAttribute("data-label") || "") + ": " + n);
  }
  var main = document.getElementById("main");
  var view = main ? main.getAttribute("data-live-view") || "" : "";
  function announce(text) {
    if (!main || main.querySelector(".live-news")) return;
    var bar = document.createElement("p");
    bar.className = "live-news card";
    bar.setAttribute("role", "status");
    var link = document.createElement("a");
    link.href = location.pathname + location.search;
    link.textContent = text;
    bar.appendChild(link);
    main.insertBefore(bar, main.firstChild);
  }
  function poll() {
    setInterval(function () {
      fetch("/notifications/unread", { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (d) { if (d) setUnread(d.unread); })
        .catch(function () { /* try again next time */ });
    }, 30000);
  }
  if (bell) {
    if (window.EventSource) {
      var failures = 0;
      var source = new EventSource("/live");
      var onCount = function (e) { failures = 0; setUnread(JSON.parse(e.data).unread); };
      source.addEventListener("hello", onCount);
      source.addEventListener("notification", onCount);
      source.addEventListener("post", function (e) {
        var d = JSON.parse(e.data);
        if (view === "stream" || view === "space:" + d.spaceId) announce(main.getAttribute("data-live-new-posts"));
      });
      source.addEventListener("comment", function (e) {
        var d = JSON.parse(e.data);
        if (view === "post:" + d.postId) announce(main.getAttribute("data-live-new-comments"));
      });
      source.onerror = function () {
        if (++failures >= 3) {
          source.close();
          poll();
        }
      };
    } else {
      poll();
    }
  }
  document.querySelectorAll("input.copy").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });
})();

// Search: "/" anywhere (outside a text field) jumps to the search box.
document.addEventListener('keydown', (event) => {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
  const box = document.getElementById('search-q') || document.querySelector('[data-search-shortcut]');
  if (!box) return;
  event.preventDefault();
  box.focus();
  box.select();
});

// Search box autocomplete: the best few hits the person may see, as they type (text only, built with textContent).
(() => {
  const box = document.querySelector('[data-search-shortcut]');
  if (!box) return;
  const list = document.createElement('ul');
  list.className = 'search-suggestions';
  list.setAttribute('role', 'listbox');
  list.id = 'search-suggestions';
  list.hidden = true;
  box.setAttribute('aria-controls', list.id);
  box.setAttribute('autocomplete', 'off');
  box.parentElement.appendChild(list);
  let timer = null;
  let active = -1;
  let controller = null;
  const close = () => { list.hidden = true; list.replaceChildren(); active = -1; };
  const mark = () => [...list.children].forEach((li, i) => li.setAttribute('aria-selected', i === active ? 'true' : 'false'));
  box.addEventListener('input', () => {
    clearTimeout(timer);
    const q = box.value.trim();
    if (q.length < 2) { close(); return; }
    timer = setTimeout(async () => {
      if (controller) controller.abort();
      controller = new AbortController();
      try {
        const response = await fetch('/search/suggest?q=' + encodeURIComponent(q), { signal: controller.signal, headers: { Accept: 'application/json' } });
        if (!response.ok) { close(); return; }
        const hits = await response.json();
        list.replaceChildren(...hits.map((hit) => {
          const li = document.createElement('li');
          li.setAttribute('role', 'option');
          const a = document.createElement('a');
          a.href = hit.path;
          a.textContent = hit.title;
          li.appendChild(a);
          return li;
        }));
        active = -1;
        list.hidden = hits.length === 0;
      } catch (e) {
        if (e.name !== 'AbortError') close();
      }
    }, 150);
  });
  box.addEventListener('keydown', (event) => {
    if (list.hidden) return;
    const count = list.children.length;
    if (event.key === 'ArrowDown') { active = (active + 1) % count; mark(); event.preventDefault(); }
    else if (event.key === 'ArrowUp') { active = (active - 1 + count) % count; mark(); event.preventDefault(); }
    else if (event.key === 'Enter' && active >= 0) { window.location.href = list.children[active].querySelector('a').href; event.preventDefault(); }
    else if (event.key === 'Escape') close();
  });
  box.addEventListener('blur', () => setTimeout(close, 200));
})();

// Drafts: what is typed into a composer is kept in this browser until it is sent, so a closed tab or a lost
// connection loses nothing. Restored only into an empty field; removed when the form is submitted.
(function () {
  var prefix = "foyer-draft:";
  var user = document.body.getAttribute("data-user") || "";
  // Logging out takes this browser's drafts with it: the next person at a shared computer sees none of them.
  document.querySelectorAll("form[action='/logout']").forEach(function (form) {
    form.addEventListener("submit", function () {
      try {
        Object.keys(localStorage).filter(function (k) { return k.indexOf(prefix) === 0; }).forEach(function (k) { localStorage.removeItem(k); });
      } catch (e) { /* ignore */ }
    });
  });
  if (!user) return;
  document.querySelectorAll("textarea[data-draft]").forEach(function (area) {
    var key = prefix + user + ":" + location.pathname + ":" + area.getAttribute("data-draft");
    var form = area.form;
    try {
      var saved = localStorage.getItem(key);
      if (saved && area.value.trim() === "") {
        area.value = saved;
        var note = document.createElement("p");
        note.className = "muted draft-note";
        note.textContent = area.getAttribute("data-draft-restored") || "Draft restored.";
        area.insertAdjacentElement("afterend", note);
      }
    } catch (e) { /* storage unavailable: drafts are a convenience only */ }
    var timer = null;
    area.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        try {
          if (area.value.trim() === "") localStorage.removeItem(key); else localStorage.setItem(key, area.value);
        } catch (e) { /* full or blocked */ }
      }, 400);
    });
    if (form) form.addEventListener("submit", function (event) {
      clearTimeout(timer);
      // A preview comes back with the text in the field; only a real send ends the draft.
      if (event.submitter && event.submitter.value === "preview") return;
      try { localStorage.removeItem(key); } catch (e) { /* ignore */ }
    });
  });
})();
