#!/usr/bin/env python3
"""Writes the example meeting logs of data/meetings from the real per-state votes of the unvotes data.

Run from the repository root, with the shared data beside the project:

    python3 data/meetings/make_examples.py ../shared/data

Only the ballots come from the data; every other event is written out below, with its source. The logs are
committed, so nothing at build or test time needs ../shared.
"""

import csv
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MEMBER_STATES = HERE.parent.parent / "crates" / "plenary-core" / "data" / "member-states.csv"


def un_names():
    with open(MEMBER_STATES, encoding="utf-8") as file:
        return {row["iso2"]: row["name"] for row in csv.DictReader(file)}


def roll_calls(votes_csv, wanted):
    names = un_names()
    ballots = {rcid: [] for rcid in wanted}
    with open(votes_csv, encoding="utf-8") as file:
        for row in csv.DictReader(file):
            if row["rcid"] not in ballots:
                continue
            # unvotes keeps Serbia's votes under "Yugoslavia" (YU) after 2000.
            code = "RS" if row["country_code"] == "YU" else row["country_code"]
            ballots[row["rcid"]].append((names[code], row["vote"]))
    for rcid, rows in ballots.items():
        if not rows:
            sys.exit(f"roll call {rcid} is not in {votes_csv}")
    return ballots


def event(kind, **fields):
    return json.dumps({"event": kind, **fields}, ensure_ascii=False)


def vote(vote_id, question, ballots, method="recorded", reverse=False):
    """Opens a vote, casts the ballots, locks and decides it. `reverse` swaps yes and no."""
    swap = {"yes": "no", "no": "yes", "abstain": "abstain"}
    lines = [event("vote_opened", vote=vote_id, question=question, method=method)]
    for state, choice in ballots:
        lines.append(event("ballot_cast", vote=vote_id, state=state, choice=swap[choice] if reverse else choice))
    lines += [event("vote_locked", vote=vote_id), event("vote_decided", vote=vote_id)]
    return lines


def write(name, comments, lines):
    text = "".join(f"# {line}\n" if line else "#\n" for line in comments) + "\n" + "\n".join(lines) + "\n"
    (HERE / name).write_text(text, encoding="utf-8")


PP7_ICC_FREE = (
    "Noting that, under the Geneva Conventions of 1949, torture and inhuman treatment are a grave breach and "
    "that, under the statute of the International Tribunal for the Prosecution of Persons Responsible for Serious "
    "Violations of International Humanitarian Law Committed in the Territory of the Former Yugoslavia since 1991 "
    "and the statute of the International Criminal Tribunal for the Prosecution of Persons Responsible for "
    "Genocide and Other Serious Violations of International Humanitarian Law Committed in the Territory of "
    "Rwanda and Rwandan Citizens Responsible for Genocide and Other Such Violations Committed in the Territory of "
    "Neighbouring States between 1 January and 31 December 1994, acts of torture can constitute crimes against "
    "humanity and, when committed in a situation of armed conflict, constitute war crimes,"
)

OP4_ICC_FREE = (
    "Emphasizes that acts of torture or inhuman treatment are grave breaches of the Geneva Conventions of 1949, "
    "that acts of torture and cruel treatment in armed conflict are serious violations of international "
    "humanitarian law and in this regard constitute war crimes, that acts of torture can constitute crimes "
    "against humanity and that the perpetrators of all acts of torture must be prosecuted and punished;"
)


def main():
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data")
    ballots = roll_calls(data / "votes" / "un_votes.csv", ["6004", "6005", "5970", "5972", "5885", "4801"])

    write(
        "2017-plenary-torture.jsonl",
        [
            "The General Assembly, 73rd plenary meeting, 19 December 2017 (A/72/PV.73): action on draft",
            "resolution II of the Third Committee's report A/72/439/Add.1, which became resolution 72/163",
            "(its text: data/resolutions/A_RES_72_163.txt, 11 preambular and 50 operative paragraphs).",
            "",
            "Sudan withdrew its amendments A/72/L.34 and A/72/L.35, which would have replaced the seventh",
            "preambular paragraph and operative paragraph 4 (the references to the International Criminal",
            "Court), and asked instead for separate recorded votes on the two paragraphs. Both were retained;",
            "the resolution was then adopted without a vote. The ballots are the real per-state votes of roll",
            "calls 6004 (PP7: 108-18-32) and 6005 (OP4: 109-19-31) of the unvotes data.",
        ],
        [
            event("meeting_opened", forum="plenary", meeting="73rd plenary meeting", date="2017-12-19"),
            event(
                "item_opened",
                agenda_item="72 (a)",
                title="Promotion and protection of human rights: implementation of human rights instruments",
            ),
            event(
                "draft_tabled",
                symbol="A/72/439/Add.1, draft resolution II",
                title="Torture and other cruel, inhuman or degrading treatment or punishment",
                preambular_paragraphs=11,
                operative_paragraphs=50,
            ),
            event("amendment_submitted", id="L.34", document="A/72/L.34", by=["Sudan"], action="reword", parts=["pp7"]),
            event("amendment_submitted", id="L.35", document="A/72/L.35", by=["Sudan"], action="reword", parts=["op4"]),
            event("amendment_withdrawn", amendment="L.34"),
            event("amendment_withdrawn", amendment="L.35"),
            event("division_requested", id="D1", by="Sudan", parts=["pp7", "op4"]),
            event("vote_requested", question="part:pp7", by="Sudan", method="recorded"),
            event("vote_requested", question="part:op4", by="Sudan", method="recorded"),
            event("explanation_of_vote", state="Sudan", timing="before_the_vote"),
            *vote("6004", "part:pp7", ballots["6004"]),
            *vote("6005", "part:op4", ballots["6005"]),
            event("consensus_proposed", question="proposal"),
            event("adopted_without_vote", question="proposal"),
        ],
    )

    write(
        "2017-third-committee-torture.jsonl",
        [
            "The committee path of the same text in 2017: in the Third Committee, two amendments by Sudan to",
            "delete the references to the International Criminal Court were rejected by recorded votes, and the",
            "draft was then approved without a vote (press release GA/SHC/4219).",
            "",
            "ILLUSTRATIVE: the meeting number and date, the draft's symbol and every count are not in our data.",
            "The per-state votes are those of the plenary roll calls 6004 and 6005 with yes and no swapped (a",
            "state that voted to retain a paragraph is shown voting against deleting it), so the counts mirror",
            "the plenary's: 18-108-32 and 19-109-31.",
        ],
        [
            event(
                "meeting_opened",
                forum="third-committee",
                meeting="meeting on agenda item 72 (a)",
                date="2017-11-14",
                note="Illustrative: the meeting, the date, the symbol and the counts are not in our data; "
                "the ballots mirror plenary roll calls 6004 and 6005.",
            ),
            event(
                "item_opened",
                agenda_item="72 (a)",
                title="Promotion and protection of human rights: implementation of human rights instruments",
            ),
            event(
                "draft_tabled",
                symbol="A/C.3/72/L.xx",
                title="Torture and other cruel, inhuman or degrading treatment or punishment",
                preambular_paragraphs=11,
                operative_paragraphs=50,
                sponsors=["Denmark"],
            ),
            event("amendment_submitted", id="A1", by=["Sudan"], action="reword", parts=["pp7"], text=PP7_ICC_FREE),
            event("amendment_submitted", id="A2", by=["Sudan"], action="reword", parts=["op4"], text=OP4_ICC_FREE),
            event("amendments_ordered", order=["A1", "A2"]),
            event("vote_requested", question="amendment:A1", by="Sudan", method="recorded"),
            event("vote_requested", question="amendment:A2", by="Sudan", method="recorded"),
            *vote("A1", "amendment:A1", ballots["6004"], reverse=True),
            *vote("A2", "amendment:A2", ballots["6005"], reverse=True),
            event("consensus_proposed", question="proposal"),
            event("adopted_without_vote", question="proposal"),
        ],
    )

    write(
        "all-operative-paragraphs-fail.jsonl",
        [
            "A draft whose operative paragraphs all fail in separate votes: it is rejected as a whole and no",
            "final vote is taken.",
            "",
            "ILLUSTRATIVE: the text is the real draft A/C.6/80/L.2 (1 preambular, 2 operative paragraphs), but",
            "the separate votes are invented. Their ballots are those of two real rejected amendments, roll",
            "calls 5970 (23-115-29) and 5972 (21-111-30), taken without names (non-recorded votes).",
        ],
        [
            event(
                "meeting_opened",
                forum="sixth-committee",
                meeting="illustrative meeting",
                date="2025-11-14",
                note="Illustrative: the votes are invented; ballots from roll calls 5970 and 5972.",
            ),
            event("item_opened", title="Observer status in the General Assembly"),
            event(
                "draft_tabled",
                symbol="A/C.6/80/L.2",
                title="Observer status for the Brazilian-Argentine Agency for Accounting and Control of Nuclear Materials in the General Assembly",
                preambular_paragraphs=1,
                operative_paragraphs=2,
                sponsors=["Argentina", "Brazil"],
            ),
            event("division_requested", id="D1", by="Egypt", parts=["op1", "op2"]),
            *vote("V1", "part:op1", ballots["5970"], method="non_recorded"),
            *vote("V2", "part:op2", ballots["5972"], method="non_recorded"),
        ],
    )

    write(
        "competing-amendments.jsonl",
        [
            "Competing amendments: two amendments reword the same paragraph; the chair rules A1 furthest",
            "removed; A1 is adopted, which excludes A2, so A2 is not put to the vote.",
            "",
            "ILLUSTRATIVE: the text is the real draft A/C.3/80/L.49 (16 preambular, 55 operative paragraphs),",
            "the amendments are invented. A1's ballots are those of the real amendment adopted in roll call",
            "5885 (A/65/L.53 to the draft that became resolution 65/208: 93-55-27), taken without names.",
        ],
        [
            event(
                "meeting_opened",
                forum="third-committee",
                meeting="illustrative meeting",
                date="2025-11-18",
                note="Illustrative: the amendments are invented; A1's ballots from roll call 5885.",
            ),
            event(
                "item_opened",
                title="Promotion and protection of human rights: implementation of human rights instruments",
            ),
            event(
                "draft_tabled",
                symbol="A/C.3/80/L.49",
                title="Torture and other cruel, inhuman or degrading treatment or punishment",
                preambular_paragraphs=16,
                operative_paragraphs=55,
                sponsors=["Denmark"],
            ),
            event(
                "amendment_submitted",
                id="A1",
                by=["Egypt"],
                action="reword",
                parts=["op5"],
                text="Also emphasizes that States must take effective measures to prevent and combat all acts of torture;",
            ),
            event(
                "amendment_submitted",
                id="A2",
                by=["Pakistan"],
                action="reword",
                parts=["op5"],
                text="Also emphasizes that States must take measures to prevent acts of torture;",
            ),
            event("amendments_ordered", order=["A1", "A2"]),
            event("vote_requested", question="amendment:A1", by="Egypt", method="non_recorded"),
            *vote("A1", "amendment:A1", ballots["5885"], method="non_recorded"),
            event("consensus_proposed", question="proposal"),
            event("adopted_without_vote", question="proposal"),
        ],
    )

    write(
        "two-thirds-question.jsonl",
        [
            "An important question in the Plenary (Article 18(2): budgetary questions): two thirds of the",
            "members present and voting are needed.",
            "",
            "ILLUSTRATIVE: the text is the real Fifth Committee draft A/C.5/80/L.12 (1 preambular, 1 operative",
            "paragraph), imagined before the Plenary. The ballots are those of roll call 4801 (resolution",
            "62/149, 2007), which was not an important question and carried by simple majority, 105-54-28.",
            "Under the two-thirds rule the same ballots fall short: 105 of 159 voting, 106 needed.",
        ],
        [
            event(
                "meeting_opened",
                forum="plenary",
                meeting="illustrative plenary meeting",
                date="2025-12-23",
                note="Illustrative: the text is imagined before the Plenary; ballots from roll call 4801.",
            ),
            event(
                "item_opened",
                agenda_item="138",
                title="Proposed programme budget for 2026",
                important_question=True,
            ),
            event(
                "draft_tabled",
                symbol="A/C.5/80/L.12",
                title="Revised estimates resulting from resolutions and decisions adopted by the Human Rights Council at its fifty-eighth, fifty-ninth and sixtieth regular sessions",
                preambular_paragraphs=1,
                operative_paragraphs=1,
                sponsors=[
                    "Belarus",
                    "China",
                    "Democratic People's Republic of Korea",
                    "Eritrea",
                    "Iran (Islamic Republic of)",
                    "Nicaragua",
                    "Russian Federation",
                    "Sudan",
                    "Venezuela (Bolivarian Republic of)",
                ],
            ),
            event("vote_requested", question="proposal", by="Canada", method="non_recorded"),
            *vote("V1", "proposal", ballots["4801"], method="non_recorded"),
        ],
    )


if __name__ == "__main__":
    main()
