// Counts the speaker's time down on the speakers page. The server writes the limit, when the floor was
// given and its own time when it made the page; the count runs from those, so a wrong clock on this
// computer does not matter. Without this script the page shows the limit, the start and the time left
// when it was made.
(function () {
  "use strict";
  var timer = document.getElementById("floor-timer");
  var out = document.getElementById("floor-remaining");
  if (!timer || !out) { return; }
  var started = Date.parse(timer.getAttribute("data-started"));
  var serverNow = Date.parse(timer.getAttribute("data-now"));
  var limit = Number(timer.getAttribute("data-limit")) || 0;
  if (isNaN(started) || isNaN(serverNow)) { return; }
  var loaded = Date.now();

  function clock(seconds) {
    seconds = Math.floor(seconds);
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor(seconds / 60) % 60;
    var rest = seconds % 60;
    var tail = (rest < 10 ? "0" : "") + rest;
    if (hours > 0) { return hours + ":" + (minutes < 10 ? "0" : "") + minutes + ":" + tail; }
    return minutes + ":" + tail;
  }

  function tick() {
    var elapsed = Math.max(0, (serverNow - started + Date.now() - loaded) / 1000);
    if (limit > 0) {
      var left = limit - elapsed;
      out.textContent = left >= 0 ? clock(left) + " left" : "over the limit by " + clock(-left);
      timer.classList.toggle("over", left < 0);
    } else {
      out.textContent = clock(elapsed) + " so far";
    }
  }

  tick();
  window.setInterval(tick, 1000);
})();
