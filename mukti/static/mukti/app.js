// Mukti's one shared script (strict CSP: no inline scripts). Two small things every page uses:
// 1. A polite live region says when htmx replaced part of the page ("Timeline updated"), so a
//    screen-reader user knows an answer or an entry took effect without a reload.
// 2. A "Now" button beside each date field fills it with the current date and time in the
//    format the server reads ("1 Dec 2026 22:30").
(function () {
  "use strict";
  var live = document.getElementById("live-region");

  function say(text) {
    if (!live || !text) { return; }
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 100);
  }

  function regionName(element) {
    var named = element.closest("[data-live-label], section[aria-labelledby], [aria-label]");
    if (!named) { return ""; }
    if (named.dataset.liveLabel) { return named.dataset.liveLabel; }
    var heading = document.getElementById(named.getAttribute("aria-labelledby") || "");
    return heading ? heading.textContent.trim() : (named.getAttribute("aria-label") || "");
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || !live || target.closest("[data-live-quiet]")) { return; }
    var name = regionName(target);
    say(name ? name + ": " + live.dataset.updated : live.dataset.updated);
  });
  document.addEventListener("htmx:responseError", function () {
    if (live) { say(live.dataset.failed); }
  });
  document.addEventListener("htmx:sendError", function () {
    if (live) { say(live.dataset.offline); }
  });

  // Picking an official fills her office, when the office picker beside it says otherwise.
  // (Setting the value does not fire "change", so the officials offered stay as they are.)
  document.addEventListener("change", function (event) {
    var picker = event.target;
    if (!picker.matches || !picker.matches("select[data-office-field]")) { return; }
    var chosen = picker.options[picker.selectedIndex];
    var office = document.getElementById(picker.dataset.officeField);
    if (!chosen || !office || !chosen.dataset.office) { return; }
    if (office.value !== chosen.dataset.office) { office.value = chosen.dataset.office; }
  });

  // A narrowed official list arriving late must not undo a choice made meanwhile.
  var keep = {};
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (target && target.matches && target.matches("select[data-office-field]")) { keep[target.id] = target.value; }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || !(target.id in keep)) { return; }
    var wanted = keep[target.id];
    delete keep[target.id];
    if (wanted && target.querySelector('option[value="' + wanted + '"]')) { target.value = wanted; }
  });

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function two(n) { return (n < 10 ? "0" : "") + n; }

  // The buttons are hidden until this script runs: without it they would do nothing.
  function showNowButtons(root) {
    root.querySelectorAll("button[data-fill-now][hidden]").forEach(function (b) { b.hidden = false; });
  }
  showNowButtons(document);
  document.addEventListener("htmx:load", function (event) { showNowButtons(event.target); });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-fill-now]");
    if (!button) { return; }
    var input = document.getElementById(button.dataset.fillNow);
    if (!input) { return; }
    var now = new Date();
    var text = now.getDate() + " " + MONTHS[now.getMonth()] + " " + now.getFullYear();
    if (button.dataset.withTime !== "false") { text += ", " + two(now.getHours()) + ":" + two(now.getMinutes()); }
    input.value = text;
    input.dispatchEvent(new Event("change", { bubbles: true }));
    input.focus();
  });
})();
