#!/usr/bin/env python3
"""Side-by-side check of Plenary's importer against the peer splitter (../shared/bench/peers/split_py.py).

For every text of a corpus directory it takes the paragraphs each tool produces and counts those that are
plainly misplaced, by the same tests for both:

  furniture   the paragraph holds page furniture: a job number (25-20949), a barcode, a rule line, the
              document's own symbol standing apart, or its running title (the title, not in quotes);
  footnote    the paragraph holds the text of a footnote ("1 United Nations, Treaty Series ...");
  joined      two paragraphs run together: a clause end followed by a preambular opening ("..., Recalling")
              or by the next operative number ("...; 5. Requests");
  split       the paragraph is a piece of one: it starts in lower case, or does not end like a paragraph
              (, ; : . after any footnote mark).

It also times both on the same texts in one process each (the peer in Python, Plenary by its own `check`).
Usage: bench/split_quality.py [CORPUS_DIR] [PLENARY_BINARY]
"""
import glob, importlib.util, json, os, re, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "../../shared/corpus/ga")
BINARY = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "../target/release/plenary")
PEER = os.path.join(HERE, "../../shared/bench/peers/split_py.py")

OPENINGS = ("Recalling|Reaffirming|Noting|Recognizing|Welcoming|Bearing in mind|Taking note|Expressing|"
            "Emphasizing|Stressing|Acknowledging|Convinced|Concerned|Deeply concerned|Mindful|Aware|"
            "Reiterating|Underlining|Considering|Affirming|Determined|Guided|Having considered")
FURNITURE = re.compile(r"(^|\s)\d{2}-\d{5}(\s|$)|_{5,}|\*\d{7}\*")
FOOTNOTE = re.compile(r"(^|\s)\d{1,3}\s+(United Nations, Treaty Series|Ibid\.|Official Records of the|Resolution \d+/\d+, annex|See resolution)")
JOINED = re.compile(r"[,;]\d{0,3}\s+(" + OPENINGS + r")\b|;\d{0,3}\s+\d{1,3}\.\s+[A-Z]")
ENDING = re.compile(r"([,;:.!?][”’\"\)]?|; (and|or))\s*(\d{1,3}|\*+)?$")

def running_title_inside(text, title):
    """The document's title inside a paragraph, not quoted: a running header left in the text."""
    if len(title) < 20:
        return False
    at = text.find(title)
    while at >= 0:
        before = text[max(0, at - 12):at]
        # A title cited in the text follows an article, a preposition or an opening quote ("the
        # International Day of …", "entitled “…”"); a running header left in the text follows any word.
        if not re.search(r"(\b(the|a|an|of|on|for|to|entitled|and|its)\s+|[“\"‘(]\s*)$", before):
            return True
        at = text.find(title, at + 1)
    return False

def misplaced(text, symbol, title):
    kinds = []
    if (FURNITURE.search(text) or (symbol and re.search(r"(^|\s)" + re.escape(symbol) + r"(\s|$)", text))
            or running_title_inside(text, title)):
        kinds.append("furniture")
    if FOOTNOTE.search(text):
        kinds.append("footnote")
    if JOINED.search(text):
        kinds.append("joined")
    if text[:1].islower() or not ENDING.search(text):
        kinds.append("split")
    return kinds

def load_peer():
    spec = importlib.util.spec_from_file_location("split_py", PEER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

def walk(paragraphs):
    for paragraph in paragraphs:
        yield paragraph
        yield from walk(paragraph.get("subparagraphs", []))

def plenary_paragraphs(path):
    output = subprocess.run([BINARY, "convert", "--force", path, "--to", "json"], capture_output=True, text=True)
    document = json.loads(output.stdout)
    parts = [document] + document.get("sections", [])
    texts = []
    for part in parts:
        for paragraph in walk(part["preamble"] + part["operative"]):
            texts.append(paragraph["text"])
    return document.get("symbol"), document.get("title", ""), texts

def main():
    files = sorted(glob.glob(os.path.join(CORPUS, "*.txt")))
    texts = [open(path, encoding="utf-8").read() for path in files]
    megabytes = sum(len(text.encode()) for text in texts) / 1e6
    peer = load_peer()
    started = time.perf_counter()
    peer_output = [peer.parse(text) or [] for text in texts]
    peer_seconds = time.perf_counter() - started
    started = time.perf_counter()
    subprocess.run([BINARY, "check", CORPUS], capture_output=True)
    plenary_seconds = time.perf_counter() - started

    totals = {"peer": {}, "plenary": {}}
    counts = {"peer": 0, "plenary": 0}
    bad = {"peer": 0, "plenary": 0}
    for path, peer_paragraphs in zip(files, peer_output):
        symbol, title, ours = plenary_paragraphs(path)
        for tool, paragraphs in (("peer", peer_paragraphs), ("plenary", ours)):
            for text in paragraphs:
                counts[tool] += 1
                kinds = misplaced(text, symbol, title)
                if kinds:
                    bad[tool] += 1
                for kind in kinds:
                    totals[tool][kind] = totals[tool].get(kind, 0) + 1
    print(f"corpus: {len(files)} texts, {megabytes:.1f} MB ({CORPUS})")
    print(f"peer splitter:   {peer_seconds:.2f} s ({megabytes / peer_seconds:.1f} MB/s), "
          f"{counts['peer']} paragraphs, {bad['peer']} misplaced (1 in {counts['peer'] / max(bad['peer'], 1):.0f}) {totals['peer']}")
    print(f"plenary check:   {plenary_seconds:.2f} s (whole command: decode, import, word conservation), "
          f"{counts['plenary']} paragraphs, {bad['plenary']} misplaced (1 in {counts['plenary'] / max(bad['plenary'], 1):.0f}) {totals['plenary']}")

if __name__ == "__main__":
    main()
