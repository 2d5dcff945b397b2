// Keeps the voting board live: follows the vote's server-sent events and updates the page in place.
// Without this script the page is the same board as of when it was loaded.
(function () {
  "use strict";
  var script = document.currentScript;
  var streamUrl = script.getAttribute("data-stream");
  var boardUrl = script.getAttribute("data-board");
  var status = document.getElementById("live-status");
  var words = { pending: "not voted", voted: "has voted", yes: "yes", no: "no", abstain: "abstain", article19: "no vote (Art. 19)" };
  var statusWords = { open: "open", locked: "locked", decided: "decided" };

  function shownName(shown) { return shown === "not_voted" ? "pending" : shown; }

  function setSeat(seat, locked) {
    var shown = shownName(seat.shown);
    document.querySelectorAll('[data-state="' + seat.state + '"]').forEach(function (element) {
      element.className = "shown-" + shown + (locked && shown === "pending" && element.tagName === "LI" && element.closest("#board") ? " absent" : "");
      element.setAttribute("data-shown", shown);
      var label = element.querySelector(".shown");
      if (label) { label.textContent = words[shown] || shown; }
      if (element.closest("#member-grid")) { element.title = seat.name + ": " + (words[shown] || shown); }
    });
  }

  function setCount(kind, value) {
    var item = document.querySelector('#totals [data-count="' + kind + '"]');
    if (!item) { return; }
    item.hidden = false;
    item.querySelector("strong").textContent = String(value);
  }

  function redrawDerived() {
    var members = Number(document.getElementById("members").textContent) || 1;
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
    return locked;
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
  var source = new EventSource(streamUrl);
  source.addEventListener("open", function () {
    status.textContent = "Live";
    status.className = "live";
  });
  source.addEventListener("error", function () {
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
