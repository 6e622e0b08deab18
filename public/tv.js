// The live screen (/tv/{code}): listens to the server's events and puts each new value of the
// screen in place, without reloading. When the network drops or the server restarts, the last
// value stays on screen, a small note says it is reconnecting, and it connects again by itself
// (EventSource retries; a stream the server closed for good is opened again after a pause).
// Text from the server is only ever set as text, never as markup.
(function () {
  "use strict";
  var screen = document.querySelector(".tv-screen[data-events]");
  if (!screen || !window.EventSource) return;
  var url = screen.getAttribute("data-events");

  function part(name) {
    return screen.querySelector('[data-tv="' + name + '"]');
  }
  function setText(name, value) {
    var el = part(name);
    if (el && el.textContent !== value) el.textContent = value;
  }
  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function show(s) {
    setText("name", s.name);
    setText("place", s.place);
    setText("today", String(s.today));
    setText("period", s.period || "");
    setText("ikm", s.ikm ? s.ikm[0] : "");
    var grade = part("grade");
    if (grade) {
      grade.textContent = s.ikm ? s.ikm[1] : "";
      grade.className = s.ikm ? "grade grade-" + s.ikm[1] : "";
    }
    part("no-ikm").hidden = !!s.ikm;
    var bars = part("bars");
    bars.replaceChildren.apply(
      bars,
      s.bars.map(function (b) {
        var li = element("li");
        var bar = element("span", "tv-bar");
        var fill = element("span");
        fill.style.width = b.percent + "%";
        bar.appendChild(fill);
        li.append(element("span", "tv-bar-name", b.name), bar, element("span", "tv-bar-value", b.value));
        return li;
      })
    );
    part("no-replies").hidden = s.replies.length > 0;
    var replies = part("replies");
    replies.replaceChildren.apply(
      replies,
      s.replies.map(function (r) {
        var li = element("li");
        li.append(element("q", "", r.comment), element("p", "", r.reply));
        return li;
      })
    );
  }

  function connect() {
    var source = new EventSource(url);
    source.onopen = function () {
      part("status").hidden = true;
    };
    source.onmessage = function (event) {
      part("status").hidden = true;
      try {
        show(JSON.parse(event.data));
        screen.setAttribute("data-updated", String(Date.now()));
      } catch (e) {
        // A value this page cannot read: keep showing the last one.
      }
    };
    source.onerror = function () {
      part("status").hidden = false;
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(connect, 3000);
      }
    };
  }
  connect();
})();
