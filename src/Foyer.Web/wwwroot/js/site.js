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
  document.addEventListener("click", function (e) {
    var link = e.target.closest ? e.target.closest("a.embed-load") : null;
    if (!link) return;
    var figure = link.closest("figure.embed");
    var src = figure && figure.getAttribute("data-embed-src");
    if (!src || !playerAllowed(src)) return;
    e.preventDefault();
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
    figure.querySelectorAll(".embed-notice, a.embed-load").forEach(function (n) { (n.closest("p") || n).remove(); });
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
  document.querySelectorAll("input.copy").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });
})();
