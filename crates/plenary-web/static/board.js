// Keeps the voting board and the hall display live: follows the vote's server-sent events and updates the
// page in place. Casts a delegation's ballot without leaving the page, so that focus stays on the ballot
// panel, which announces the new ballot. Without this script the page is the same board as of when it was
// loaded, and the ballot form posts as a plain form.
(function () {
  "use strict";
  var script = document.currentScript;
  var streamUrl = script.getAttribute("data-stream");
  var boardUrl = script.getAttribute("data-board");
  var status = document.getElementById("live-status");
  // The same words and marks the server writes (pages/board.rs `shown_name` and `mark`, pages/hall.rs `letter`).
  var words = { pending: "not voted", voted: "has voted", yes: "yes", no: "no", abstain: "abstain", article19: "no vote (Art. 19)" };
  var marks = { pending: "–", voted: "voted", yes: "Y", no: "N", abstain: "A", article19: "Art. 19" };
  var letters = { pending: "", voted: "●", yes: "Y", no: "N", abstain: "A", article19: "Art. 19" };
  var statusWords = { open: "open", locked: "locked", decided: "decided" };

  // A page restored from the browser's back-forward cache shows what was true when it was left: ask the
  // server again, so that a console never shows a ballot or a button the server no longer holds.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { window.location.reload(); }
  });

  function shownName(shown) { return shown === "not_voted" ? "pending" : shown; }

  function setText(element, css, text) {
    var part = element.querySelector(css);
    if (part) { part.textContent = text; }
  }

  function setSeat(seat, locked) {
    var shown = shownName(seat.shown);
    var absent = locked && shown === "pending";
    var said = absent ? "did not vote" : (words[shown] || shown);
    document.querySelectorAll('li[data-state="' + seat.state + '"]').forEach(function (element) {
      Array.prototype.slice.call(element.classList).forEach(function (name) {
        if (name.indexOf("shown-") === 0) { element.classList.remove(name); }
      });
      element.classList.add("shown-" + shown);
      element.classList.toggle("absent", absent);
      element.setAttribute("data-shown", shown);
      setText(element, ".shown", said);
      setText(element, ".mark", marks[shown] || shown);
      setText(element, ".letter", letters[shown] || "");
      setText(element, ".said", seat.name + ": " + said);
      if (element.title) { element.title = seat.name + ": " + said; }
    });
    ownSeat(seat, locked);
  }

  function setCount(kind, value) {
    var item = document.querySelector('#totals [data-count="' + kind + '"]');
    if (!item) { return; }
    item.hidden = false;
    item.querySelector("strong").textContent = String(value);
    var label = item.querySelector(".words");
    if (label) { label.textContent = label.getAttribute(value === 1 ? "data-one" : "data-many"); }
  }

  function redrawDerived() {
    var membersElement = document.getElementById("members");
    var members = (membersElement && Number(membersElement.textContent)) || 1;
    var totals = { yes: 0, no: 0, abstain: 0, voted: 0 };
    var groups = {};
    document.querySelectorAll("#board li[data-state]").forEach(function (seat) {
      var shown = seat.getAttribute("data-shown");
      var group = seat.getAttribute("data-group");
      var counts = groups[group] || (groups[group] = { yes: 0, no: 0, abstain: 0, voted: 0, pending: 0 });
      if (shown === "article19") { shown = "pending"; }
      counts[shown] = (counts[shown] || 0) + 1;
      if (shown in totals) { totals[shown] += 1; }
    });
    document.querySelectorAll("#result-bar [data-kind]").forEach(function (part) {
      part.style.width = (totals[part.getAttribute("data-kind")] * 100 / members).toFixed(2) + "%";
    });
    var bar = document.getElementById("result-bar");
    if (bar) {
      bar.setAttribute("aria-label", totals.yes + " yes, " + totals.no + " no, " + totals.abstain + " abstain, " +
        totals.voted + " voted of " + members + " members");
    }
    document.querySelectorAll("#by-group tr[data-group]").forEach(function (row) {
      var counts = groups[row.getAttribute("data-group")] || {};
      var size = Number(row.getAttribute("data-members")) || 1;
      row.querySelectorAll("td[data-kind]").forEach(function (cell) { cell.textContent = String(counts[cell.getAttribute("data-kind")] || 0); });
      row.querySelectorAll(".mini [data-kind]").forEach(function (part) {
        part.style.width = ((counts[part.getAttribute("data-kind")] || 0) * 100 / size).toFixed(2) + "%";
      });
    });
  }

  // The same sentence the server writes (pages/board.rs), from the table of yes votes needed it sends.
  function setMajority(tally) {
    var line = document.getElementById("majority");
    if (!line || !tally) { return; }
    var voting = tally.yes + tally.no;
    var needed = (line.getAttribute("data-yes-needed") || "").split(",")[voting];
    line.textContent = "Required: " + line.getAttribute("data-words") + " — with " + voting +
      " voting yes or no, " + needed + (needed === "1" ? " yes vote carries it." : " yes votes carry it.");
  }

  // ---- The delegation's ballot panel: what the server holds, in the sentences the server wrote. ----

  var panel = document.getElementById("ballot-panel");
  var panelOpen = Boolean(document.getElementById("ballot"));

  function panelSay(choice, open) {
    if (!panel) { return; }
    var key = (open ? "data-open-" : "data-closed-") + (choice ? "voted" : "not-voted");
    var sentence = (panel.getAttribute(key) || "").replace("{choice}", choice);
    var said = document.getElementById("my-ballot");
    panel.setAttribute("data-choice", choice);
    if (said.textContent !== sentence) { said.textContent = sentence; }
    panel.querySelectorAll("button[name=choice]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.value === choice));
    });
  }

  // The vote is closed: the buttons go, and the panel says whether the state's vote stands. If the focus was
  // on a button, it moves to the panel's sentence rather than to the top of the page.
  function closePanel() {
    if (!panel || !panelOpen) { return; }
    panelOpen = false;
    var form = document.getElementById("ballot");
    var hadFocus = form && form.contains(document.activeElement);
    if (form) { form.remove(); }
    panelSay(panel.getAttribute("data-choice") || "", false);
    if (hadFocus) { document.getElementById("my-ballot").focus(); }
  }

  // A change of the state's own seat (its ballot changed from another console, or the lock revealed it).
  function ownSeat(seat, locked) {
    if (!panel || seat.state !== panel.getAttribute("data-own-state")) { return; }
    var shown = shownName(seat.shown);
    var choice = (shown === "yes" || shown === "no" || shown === "abstain") ? shown
      : (shown === "pending" ? "" : panel.getAttribute("data-choice") || "");
    panelSay(choice, !locked && panelOpen);
  }

  function showBallotError(message) {
    var alert = document.getElementById("ballot-error");
    if (!alert) { return; }
    alert.textContent = message;
    alert.hidden = !message;
  }

  var ballotForm = document.getElementById("ballot");
  if (ballotForm && window.fetch) {
    ballotForm.addEventListener("submit", function (event) {
      var button = event.submitter;
      var api = ballotForm.getAttribute("data-api");
      if (!button || !button.value || !api) { return; }
      event.preventDefault();
      var token = ballotForm.querySelector("input[name=csrf_token]").value;
      fetch(api, {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json", "x-csrf-token": token, accept: "application/json" },
        body: JSON.stringify({ choice: button.value })
      }).then(function (response) {
        if (response.ok) {
          showBallotError("");
          panelSay(button.value, true);
          return null;
        }
        return response.json().then(function (body) {
          showBallotError((body && body.error && body.error.message) || "The ballot was not recorded.");
        });
      }).catch(function () {
        showBallotError("The ballot was not recorded: the server could not be reached. Try again.");
      });
    });
  }

  // ---- The chair's console: which button is live, and the next step. ----

  function setChairConsole(voteStatus) {
    var next = document.getElementById("next-step");
    if (!next) { return; }
    var sentence = next.getAttribute("data-" + voteStatus);
    if (sentence && next.textContent !== sentence) { next.textContent = sentence; }
    var lock = document.querySelector("#lock button");
    var decide = document.querySelector("#decide button");
    if (lock) { lock.disabled = voteStatus !== "open"; }
    if (decide) { decide.disabled = voteStatus !== "locked"; }
  }

  function applySummary(summary) {
    var locked = summary.status !== "open";
    setCount("voted", summary.voted);
    if (summary.tally) {
      setCount("yes", summary.tally.yes);
      setCount("no", summary.tally.no);
      setCount("abstain", summary.tally.abstain);
      setMajority(summary.tally);
    }
    var voteStatus = document.getElementById("vote-status");
    if (voteStatus) { voteStatus.textContent = statusWords[summary.status] || summary.status; }
    if (summary.outcome) {
      const outcome = document.getElementById("outcome");
      // The page says what carrying means for this question: "Adopted", "Approved" or "Retained".
      outcome.textContent = summary.outcome === "adopted" ? outcome.dataset.carried || "Adopted" : "Rejected";
    }
    setChairConsole(summary.status);
    if (locked) { closePanel(); }
    if (summary.status === "decided") { finished(); }
    return locked;
  }

  // Decided: nothing more will change, so the page stops following the stream and says so, as a page
  // served after the decision does.
  var source = null;
  function finished() {
    if (source) { source.close(); }
    status.textContent = "Decided: the result is final";
    status.className = "final";
  }

  function applyBoard(board) {
    var locked = applySummary(board);
    board.seats.forEach(function (seat) { setSeat(seat, locked); });
    redrawDerived();
  }

  function refetch() {
    fetch(boardUrl, { headers: { accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(applyBoard)
      .catch(function () {});
  }

  if (!window.EventSource) { return; }
  source = new EventSource(streamUrl);
  source.addEventListener("open", function () {
    status.textContent = "Live";
    status.className = "live";
  });
  source.addEventListener("error", function () {
    if (status.className === "final") { return; }
    status.textContent = "Not live: reconnecting…";
    status.className = "";
  });
  source.addEventListener("board", function (event) { applyBoard(JSON.parse(event.data)); });
  source.addEventListener("change", function (event) {
    var change = JSON.parse(event.data);
    if (change.reload) { refetch(); return; }
    var locked = applySummary(change);
    if (change.seat) { setSeat(change.seat, locked); }
    redrawDerived();
  });
})();
