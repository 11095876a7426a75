#!/usr/bin/python3
"""sd_inflect under a real speech-dispatcher, heard through a real ALSA sink.

  /usr/bin/python3 tests/test_speechd.py [--pause] SD_INFLECT INFLECT_SAY MODELS_DIR

Starts Debian's speech-dispatcher (its own configuration, socket and logs
in a temporary directory) with sd_inflect as its only module. The server
plays the module's audio itself (server audio), through ALSA; an .asoundrc
in the temporary HOME makes ALSA's default device its `file` plugin in
front of the `null` device, so what would have reached the speakers lands
in a file. spd-say then speaks, and the samples are compared with
inflect-say's for the same text and the scales the module says it maps
rate, pitch and volume to: the same samples up to one scale factor (the
server's own output level), the same length, the volume ratio as mapped.
Messages whose text the module changes (SSML, punctuation and spelling
modes, CHAR) are compared with inflect-say speaking the text they should
become; a voice name that does not exist, with the default voice. How
much wider and narrower pitch range +100 and -100 sound (their F0 spread)
is judged on the same sentence by tests/test_controls.py, which the
release gate runs on a candidate voice too. Hostile SSML goes to
sd_inflect directly, over the output module protocol, without a server.

With --pause, SSIP's PAUSE and RESUME instead (pause_resume()): the test
speaks to the server over its socket, and the server plays, through libao
and ALSA, to a FIFO that the test drains in time, four times as fast as a
card would.

Skips (77) when speech-dispatcher, spd-say or ALSA's configuration are
missing, and with --pause, libao's output.
"""
import array
import fcntl
import glob
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

from checks import check, finish
from skip import skip

TEXT = "Hello from the speech dispatcher."
# For the punctuation modes: clause and sentence marks, the symbols the
# engine reads itself (% +) and brackets.
PUNCTUATED = "Hello, world! 50% of a+b (maybe)."


def samples(path, offset=0):
    a = array.array("h")
    with open(path, "rb") as f:
        f.seek(offset)
        a.frombytes(f.read())
    if sys.byteorder != "little":
        a.byteswap()
    return a


def reference(say, env, args, text=TEXT):
    out = subprocess.run([say, "--raw", "s16le", *args, "--", text], env=env, capture_output=True, check=True,
                         timeout=120).stdout
    a = array.array("h")
    a.frombytes(out)
    return a


def unescape(data):
    """The samples' bytes of a 705 AUDIO line: 0x7D escapes the next byte,
    whose bit 5 is flipped."""
    out, i = bytearray(), 0
    while i < len(data):
        if data[i] == 0x7D and i + 1 < len(data):
            out.append(data[i + 1] ^ 0x20)
            i += 2
        else:
            out.append(data[i])
            i += 1
    return out


def module_speaks(sd_inflect, env, text, timeout=60, setup=b"", stop_at_mark=None, pause_at_mark=None,
                  kind=b"SPEAK"):
    """Speaks `text` (bytes) with sd_inflect alone, over the output module
    protocol: INIT, SETUP (SET blocks, as bytes), SPEAK (or `kind`: CHAR,
    KEY), events up to END,
    STOP or PAUSE, QUIT. Returns the replies and events, the samples, the
    seconds it took and the index marks, each as (name as bytes, samples
    received before it); STOP goes to the module as soon as the mark named
    `stop_at_mark` (bytes) arrives, PAUSE as soon as `pause_at_mark` does.
    Every line must be one the protocol has: a line that is not (a mark
    name that broke its line) is a failed check. The module is killed
    after `timeout` seconds (the events then stop short)."""
    proc = subprocess.Popen([sd_inflect, os.devnull], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    watchdog = threading.Timer(timeout, proc.kill)
    watchdog.start()
    start = time.monotonic()
    events, audio, marks, name = [], bytearray(), [], None
    try:
        body = b"".join((b"." + line if line.startswith(b".") else line) + b"\n" for line in text.split(b"\n"))
        proc.stdin.write(b"INIT\n" + setup + kind + b"\n" + body + b".\n")
        proc.stdin.flush()
        for line in proc.stdout:
            if line.startswith(b"705-AUDIO\0"):
                audio += unescape(line[len(b"705-AUDIO\0"):-1])
            elif line.startswith(b"705-") or line == b"705 AUDIO\n":
                pass
            elif line.startswith(b"700-") and name is None:
                name = line[4:-1]
            elif line == b"700 INDEX MARK\n" and name is not None:
                marks.append((name, len(audio) // 2))
                name = None
                for command, at in ((b"STOP\n", stop_at_mark), (b"PAUSE\n", pause_at_mark)):
                    if marks[-1][0] == at:
                        proc.stdin.write(command)
                        proc.stdin.flush()
            elif line[:3] in (b"200", b"202", b"203", b"207", b"299", b"701", b"702", b"703", b"704") \
                    or line[:1] in (b"3", b"4"):
                if line[:3] not in (b"202", b"203", b"207", b"299"):
                    events.append(line.decode(errors="replace").strip())
                if line[:3] in (b"702", b"703", b"704"):
                    break
            else:
                check(False, f"a line the protocol does not have: {line[:80]!r}")
        seconds = time.monotonic() - start
        proc.stdin.write(b"QUIT\n")
        proc.stdin.close()
        proc.stdout.read()
    except (BrokenPipeError, ValueError):
        seconds = time.monotonic() - start
    finally:
        watchdog.cancel()
        proc.kill()
        proc.wait()
    check(name is None, f"a 700- line with no 700 INDEX MARK after it: {name!r}")
    a = array.array("h")
    a.frombytes(bytes(audio[:len(audio) // 2 * 2]))
    if sys.byteorder != "little":
        a.byteswap()
    return events, a, seconds, marks


def timings(say, env, text):
    """inflect-say's sentence and word events for `text`: (type, start
    sample, text) each."""
    err = subprocess.run([say, "--raw", "s16le", "--timings", "--", text], env=env, capture_output=True, check=True,
                         timeout=120).stderr
    events = [json.loads(line) for line in err.decode().splitlines() if line.startswith("{")]
    return [(e["type"], e["start"], e["text"]) for e in events if e["type"] in ("sentence", "word")]


def start_of(events, kind, text):
    """The start sample of the first `kind` event whose text is `text`."""
    return next(start for type_, start, t in events if type_ == kind and t == text)


# The module drops the silence a message starts with, up to 10 ms before
# its first sample above -40 dBFS (328 of 32767) at its volume.
ONSET, LEAD = 328, 240


def dropped(ref, at=0, level=ONSET):
    """The samples the module drops at the start of a message whose audio
    inflect-say makes as ref[at:]: all of it when no sample is as loud as
    `level`."""
    onset = next((i for i in range(at, len(ref)) if abs(ref[i]) >= level), None)
    return len(ref) - at if onset is None else max(0, onset - at - LEAD)


def compare(what, heard, ref, expected_gain=None, level=None):
    """heard = level * gain * ref, sample for sample (up to rounding and
    clipping), after the silence the module drops at the start (dropped(),
    give or take the rounding of its volume's gain: the -40 dBFS it looks
    for between 320 and 336 of inflect-say's samples); returns the fitted
    factor."""
    cut = len(ref) - len(heard)
    low, high = dropped(ref, level=320), dropped(ref, level=336)
    check(low <= cut <= high, f"{what}: {len(heard)} samples heard, inflect-say made {len(ref)}, of which the"
                              f" module drops {low}-{high} at the start")
    ref = ref[max(0, cut):]
    n = min(len(heard), len(ref))
    dot = sum(h * r for h, r in zip(heard[:n], ref[:n]))
    energy = sum(r * r for r in ref[:n]) or 1
    k = dot / energy
    worst = max((abs(h - k * r) for h, r in zip(heard[:n], ref[:n])), default=0)
    check(worst <= 4, f"{what}: not the same samples up to a factor (worst difference {worst:.1f})")
    if expected_gain is not None and level is not None:
        check(abs(k / level - expected_gain) <= 0.02 * expected_gain,
              f"{what}: gain {k / level:.3f}, the mapping says {expected_gain:.3f}")
    return k


def index_marks(sd_inflect, say, env):
    """<mark> tags, straight to the module: each reported once, in order,
    as 700-NAME / 700 INDEX MARK between the audio blocks where its place
    in the speech falls (the sentence or word after it, timed by
    inflect-say --timings), through the punctuation and spelling modes."""
    first, whole = "Hello there.", "Hello there. How are you today?"
    events, pcm, _, marks = module_speaks(
        sd_inflect, env,
        b'<speak><mark name="start"/>Hello there. <mark name="mid"/>How <mark name=\'word\'>are you today?'
        b'<mark name="end"/></speak>')
    check(events == ["200 OK SPEAKING", "701 BEGIN", "702 END"], f"marks: {events}")
    ref = reference(say, env, [], whole)
    compare("marks: the audio", pcm, ref)
    cut = len(ref) - len(pcm)  # the silence dropped at the start
    at = timings(say, env, whole)
    expected = [(b"start", 0), (b"mid", len(reference(say, env, [], first)) - cut),
                (b"word", start_of(at, "word", "are") - cut), (b"end", len(pcm))]
    check(marks == expected, f"marks, by samples before each: {marks}, expected {expected}")

    # The modes change the text the engine reads; the marks move with it.
    for what, setup, text, spoken, place in (
            ("punctuation all", b"SET\npunctuation_mode=all\n.\n", b"<speak>Hello <mark name='w'/>there, a+b.</speak>",
             "Hello there comma, a+b dot.", ("word", "there")),
            ("spelling", b"SET\nspelling_mode=on\n.\n", b"<speak>Hi <mark name='w'/>ab</speak>",
             "H, i.\n\na, b.", ("sentence", "a, b."))):
        events, pcm, _, marks = module_speaks(sd_inflect, env, text, setup=setup)
        ref = reference(say, env, [], spoken)
        compare(f"marks, {what}: the audio", pcm, ref)
        expected = [(b"w", start_of(timings(say, env, spoken), *place) - (len(ref) - len(pcm)))]
        check(marks == expected, f"marks, {what}: {marks}, expected {expected}")

    # No words: every mark, then END.
    events, pcm, _, marks = module_speaks(sd_inflect, env, b'<speak><mark name="a"/> <mark name="b"/></speak>')
    check(events == ["200 OK SPEAKING", "701 BEGIN", "702 END"] and marks == [(b"a", 0), (b"b", 0)] and not pcm,
          f"marks with no words: {events} {marks} {len(pcm)} samples")

    # STOP after the second sentence: the marks reached so far, not the ones
    # after (the last one, after all the audio, above all).
    sentences = [f"This is sentence number {n} of the message." for n in range(1, 9)]
    names = [f"m{n}".encode() for n in range(1, 9)]
    text = "<speak>" + "".join(f'{s} <mark name="m{n}"/>' for n, s in enumerate(sentences, 1)) + "</speak>"
    events, pcm, _, marks = module_speaks(sd_inflect, env, text.encode(), stop_at_mark=b"m2")
    got = [name for name, _ in marks]
    check(events[-1:] == ["703 STOP"], f"STOP at a mark: {events}")
    check(got[:2] == names[:2] and got == names[:len(got)] and len(got) < len(names),
          f"STOP at the second mark: marks {got}")
    check(all(before <= len(pcm) for _, before in marks), f"STOP at a mark: {marks}, {len(pcm)} samples")

    # PAUSE within a sentence: the module speaks on to the end of the
    # sentence, to the next of the server's own marks (named __spd_, one
    # after each sentence), passing the client's marks on the way, and ends
    # there with 704 PAUSE; the audio is that of the sentences before it,
    # whole. Where it ends depends on how far ahead the module is when the
    # PAUSE comes, so the checks are that it ends at a sentence's end.
    sentences = [f"This is sentence number {n} of the message." for n in range(1, 9)]
    text = "<speak>" + "".join(f'{s[:8]}<mark name="c{n}"/>{s[8:]}<mark name="__spd_{n}"/> '
                               for n, s in enumerate(sentences, 1)) + "</speak>"
    names = [name.encode() for n in range(1, 9) for name in (f"c{n}", f"__spd_{n}")]
    events, pcm, _, marks = module_speaks(sd_inflect, env, text.encode(), pause_at_mark=b"c2")
    got = [name for name, _ in marks]
    check(events == ["200 OK SPEAKING", "701 BEGIN", "704 PAUSE"], f"PAUSE in a sentence: {events}")
    check(got == names[:len(got)] and len(names) > len(got) >= 4 and got[-1].startswith(b"__spd_"),
          f"PAUSE in the second sentence: marks {got}, not up to a later sentence's end")
    spoken = " ".join(sentences[:len(got) // 2])
    check(marks[-1:] == [(got[-1], len(pcm))], f"PAUSE: the audio goes on past the mark it ended at: {marks[-1:]},"
          f" {len(pcm)} samples")
    compare("PAUSE: the sentences before the mark it ended at", pcm, reference(say, env, [], spoken))

    # Hostile names: a line break (written, and as a character reference),
    # control characters, 10 KB, bytes that are not UTF-8. Each stays one
    # line (the helper fails on any line the protocol does not have), each
    # byte that could break it a '?'.
    long_name = b"x" * 10_000
    events, pcm, _, marks = module_speaks(
        sd_inflect, env,
        b'<speak>One. <mark name="a\n702 END\n700 INDEX MARK"/>Two. <mark name="b&#10;c&#13;\x01\x7f"/>Three. '
        b'<mark name="' + long_name + b'"/>Four. <mark name="\xff\xfe\xc3(\xe2\x82\xac"/></speak>')
    check(events == ["200 OK SPEAKING", "701 BEGIN", "702 END"], f"hostile mark names: {events}")
    check([name for name, _ in marks] == [b"a?702 END?700 INDEX MARK", b"b?c???", long_name, b"???(\xe2\x82\xac"],
          f"hostile mark names: {[name[:40] for name, _ in marks]}")


def breaks(sd_inflect, say, env):
    """<break/> tags, straight to the module: silence of their time (or
    strength, medium when neither) inserted where the word after them
    starts, the rest the same samples as the text without them; a time past
    10 s is cut to 10 s, one that is not a time counts as absent."""
    text, rate = "Hello there, how are you?", 24000
    ref = reference(say, env, [], text)
    at = timings(say, env, text)
    there, how = start_of(at, "word", "there"), start_of(at, "word", "how")
    for what, markup, pauses in (
            ("time 700ms", b'Hello <break time="700ms"/>there, how are you?', [(there, 700)]),
            ("time 1.5s and strength weak", b"Hello <break time='1.5s'/>there, <break strength='weak'/>how are you?",
             [(there, 1500), (how, 250)]),
            ("no attributes", b"Hello <break/>there, how are you?", [(there, 500)]),
            ("an hour", b'Hello <break time="3600s"/>there, how are you?', [(there, 10_000)]),
            ("not a time", b'Hello <break time="soon" strength="x-strong"/>there, how are you?', [(there, 1000)]),
            ("none", b'Hello <break strength="none"/>there, how are you?', []),
            ("at the end", b'Hello there, how are you?<break time="200ms"/>', [(len(ref), 200)])):
        events, pcm, _, marks = module_speaks(sd_inflect, env, b"<speak>" + markup + b"</speak>")
        check(events == ["200 OK SPEAKING", "701 BEGIN", "702 END"] and not marks, f"break, {what}: {events} {marks}")
        expected, last = array.array("h"), 0
        for start, ms in pauses:
            expected += ref[last:start] + array.array("h", bytes(2 * (ms * rate // 1000)))
            last = start
        expected += ref[last:]
        compare(f"break, {what}", pcm, expected)


def structure(sd_inflect, say, env):
    """<s> and <p> end a sentence or a paragraph where they open or close,
    as a blank line does for the engine: a pause the same text without
    them does not have. <sub alias="..."> says the alias instead of what
    it stands over."""
    flat = reference(say, env, [], "Hello there how are you")
    apart = reference(say, env, [], "Hello there\n\nhow are you")
    check(len(apart) > len(flat) + 24000 // 10,
          f"a blank line makes no pause: {len(apart)} samples against {len(flat)} without it")
    for what, markup in (("<s>", b"<s>Hello there</s><s>how are you</s>"),
                         ("<p>", b"<p>Hello there</p>\n<p>how are you</p>"),
                         ("<s/> and </p>", b"Hello there<s/>how are you</p>")):
        _, pcm, _, _ = module_speaks(sd_inflect, env, b"<speak>" + markup + b"</speak>")
        compare(what, pcm, apart)
    for what, markup, said in (
            ("<sub>", b'The <sub alias="World Wide Web Consortium">W3C</sub> met.',
             "The World Wide Web Consortium met."),
            ("<sub> with entities", b"<sub alias='Tom &amp; Jerry'>T&amp;J</sub> ran.", "Tom & Jerry ran."),
            ("<sub> never closed", b'The <sub alias="nothing">W3C met.', "The W3C met."),
            ("<sub/>, over nothing", b'The <sub alias="A"/> team <sub alias="B">b</sub> met.', "The team B met.")):
        _, pcm, _, _ = module_speaks(sd_inflect, env, b"<speak>" + markup + b"</speak>")
        compare(what, pcm, reference(say, env, [], said))
    # A <sub> that holds a tag is read as written, its mark kept.
    _, pcm, _, marks = module_speaks(sd_inflect, env, b'<speak><sub alias="X">Go <mark name="m1"/>home</sub> now.'
                                                      b'</speak>')
    compare("<sub> holding a mark", pcm, reference(say, env, [], "Go home now."))
    check([name for name, _ in marks] == [b"m1"], f"<sub> holding a mark: marks {marks}")


def capitals(sd_inflect, say, env):
    """cap_let_recogn, straight to the module (spd-say cannot set it;
    Orca's capitalization style does): "spell" says "capital" before a
    capital letter, in a CHAR and in spelled text; "icon" plays a 50 ms
    tone of 1.4 kHz and 30 ms of silence before a capital's CHAR; "none",
    and any small letter, the letter alone. Also: a NUL in a message is a
    word break, not its end."""
    rate = 24000
    for mode in (b"none", b"spell", b"icon"):
        setup = b"SET\ncap_let_recogn=" + mode + b"\n.\n"
        for letter, capital in ((b"A", True), (b"a", False), ("\u00c9".encode(), True)):
            what = f"cap_let_recogn {mode.decode()}, CHAR {letter.decode()}"
            events, pcm, _, _ = module_speaks(sd_inflect, env, letter, setup=setup, kind=b"CHAR")
            check(events == ["200 OK SPEAKING", "701 BEGIN", "702 END"], f"{what}: {events}")
            said = ("capital " if capital and mode == b"spell" else "") + letter.decode() + "."
            ref = reference(say, env, [], said)
            if capital and mode == b"icon":
                tone, gap = rate * 50 // 1000, rate * 30 // 1000
                head = pcm[:tone]
                crossings = sum(1 for a, b in zip(head, head[1:]) if (a < 0) != (b < 0))
                loud = max((abs(x) for x in head), default=0)
                check(2 * 1400 * 0.045 < crossings < 2 * 1400 * 0.055 and 1000 < loud < 4200
                      and not any(pcm[tone:tone + gap]),
                      f"{what}: no 1.4 kHz tone before the letter ({crossings} zero crossings, peak {loud})")
                pcm = pcm[tone + gap:]
            compare(what, pcm, ref)
    events, pcm, _, _ = module_speaks(sd_inflect, env, b"Ab", setup=b"SET\ncap_let_recogn=spell\nspelling_mode=on\n.\n")
    compare("cap_let_recogn spell, spelled text", pcm, reference(say, env, [], "capital A, b."))
    events, pcm, _, _ = module_speaks(sd_inflect, env, b"Hello \0world.")
    compare("a NUL in a message", pcm, reference(say, env, [], "Hello  world."))


def any_voice(sd_inflect, say, env, models):
    """Without the default voice (rms), the module starts with a voice that
    is installed (kathleen) instead of refusing INIT."""
    with tempfile.TemporaryDirectory() as only:
        os.symlink(os.path.join(models, "kathleen.gguf"), os.path.join(only, "kathleen.gguf"))
        alone = dict(env, INFLECT_VOICE_PATH=only, XDG_DATA_HOME=only, XDG_DATA_DIRS=only)
        listed = subprocess.run([say, "--list-voices"], env=alone, capture_output=True, text=True, timeout=60).stdout
        if any(line.split("\t")[0] == "rms" for line in listed.splitlines()):
            print("without rms: not checked, an installed rms is on the voice search path")
            return
        events, pcm, _, _ = module_speaks(sd_inflect, alone, b"Hello.")
        check(events == ["200 OK SPEAKING", "701 BEGIN", "702 END"], f"without rms: {events}")
        compare("without rms: kathleen speaks", pcm, reference(say, env, ["-v", "kathleen"], "Hello."))


# Pause and resume through the server: the text (four sentences, the
# second long), how many times faster than in real time the test's card
# plays, and the rate it plays at, the default voice's.
PAUSED_TEXT = ["Pause and resume, the first sentence.",
               "The second sentence runs on for a while, past apples, pears and plums, well beyond the server's"
               " reach.",
               "This is the third sentence.",
               "And the last one, a little longer, is where a late pause falls."]
CARD_SPEED = 4
CARD_RATE = 24000


class Card:
    """The sound card of the pause checks. The server plays through libao
    into ALSA's default device, the `file` plugin in front of `null`, whose
    file is a FIFO that this thread drains at CARD_SPEED times the voice's
    rate: a card that plays in time, as pausing needs (the `null` device
    alone takes all it is given at once, and the server would have played
    a whole message before any PAUSE). It keeps the samples, and the time
    of each read with the samples heard by then. The server's playback is ahead of what this card has
    heard by at most the FIFO (4 KB) and one ALSA buffer (the `file`
    plugin writes whole buffers of libao's buffer_time, 20 ms)."""

    def __init__(self, path):
        os.mkfifo(path)
        # Opened for reading first, without waiting for a writer, and kept
        # open: the server's opening and closing of ALSA neither blocks on
        # it nor ends the stream.
        self.fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        fcntl.fcntl(self.fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 4096)
        self.data = bytearray()
        self.reads = []  # (time, samples heard by then)
        self.last = time.monotonic()  # when a sample last came
        self.done = False
        self.thread = threading.Thread(target=self.play, daemon=True)
        self.thread.start()

    def play(self):
        per_second = CARD_SPEED * CARD_RATE * 2
        before = time.monotonic()
        while not self.done:
            time.sleep(0.005)
            now = time.monotonic()
            # What the card plays in the time since the last turn, no more
            # than 50 ms of it after a late one.
            budget = int(min(now - before, 0.05) * per_second) & ~1
            before = now
            while budget > 0:
                try:
                    chunk = os.read(self.fd, budget)
                except BlockingIOError:
                    break
                if not chunk:
                    break
                self.data += chunk
                self.last = now
                self.reads.append((now, self.samples))
                budget -= len(chunk)

    @property
    def samples(self):
        return len(self.data) // 2

    def heard(self, start):
        """The samples heard from sample `start` on."""
        a = array.array("h")
        a.frombytes(bytes(self.data[start * 2:self.samples * 2]))
        if sys.byteorder != "little":
            a.byteswap()
        return a

    def quiet(self, seconds):
        return time.monotonic() - self.last > seconds

    def when(self, samples):
        """When the card had heard more than `samples`, or None."""
        return next((t for t, n in self.reads if n > samples), None)

    def close(self):
        self.done = True
        self.thread.join()
        os.close(self.fd)


class Ssip:
    """A client of the server's SSIP, its plain-text protocol, on its UNIX
    socket. Every line that comes is kept with the time it came and the
    samples the card had heard by then."""

    def __init__(self, path, card):
        self.card = card
        self.lines = []
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        try:
            for raw in self.sock.makefile("rb"):
                self.lines.append((time.monotonic(), self.card.samples,
                                   raw.decode(errors="replace").rstrip("\r\n")))
        except (OSError, ValueError):
            pass  # closed

    def send(self, *lines):
        self.sock.sendall(b"".join(line.encode() + b"\r\n" for line in lines))

    def wait(self, since, codes, timeout):
        """The first last line of a reply or event (CODE and a space: "704
        PAUSED", not "704-1") with one of `codes`, from line `since` on, as
        (time, samples heard, line); None after `timeout` seconds."""
        heads = tuple(code + " " for code in codes)

        def first():
            return next((e for e in self.lines[since:] if e[2].startswith(heads)), None)

        wait_until(lambda: first() is not None, timeout)
        return first()

    def command(self, line, code, timeout=30):
        since = len(self.lines)
        self.send(line)
        check(self.wait(since, [code], timeout) is not None,
              f"SSIP {line}: no {code} reply within {timeout} s: {[e[2] for e in self.lines[since:]]}")

    def events(self, since):
        """The events from line `since` on, by their last lines."""
        return [line for _, _, line in self.lines[since:] if line[:1] == "7" and line[3:4] == " "]

    def close(self):
        self.sock.close()


def wait_until(cond, timeout):
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            return False
        time.sleep(0.005)
    return True


def sentences_heard(heard, ref, bounds):
    """Where each sentence of `ref` (its samples from bounds[i] to
    bounds[i+1]) was heard in full: the offsets in `heard` where its speech,
    from its first to its last sample above 300 (-40 dBFS), is inflect-say's
    times the server's output level, sample for sample. The engine synthesizes sentence by
    sentence, so a sentence's samples are the same whether it starts the
    message, follows another or starts a resumed one; one cut short, with
    a gap or another's audio in it, is not found. The silence at its ends is
    left out: a sink may lose the last few milliseconds of a message (ALSA's
    part of a buffer, which it may also play at the start of the next).
    The level is the ratio of the first sentence's loudest sample to
    inflect-say's: that sentence is always played whole first, within one
    ALSA buffer of the start, less the silence the module drops before
    it."""
    first = ref[bounds[0]:bounds[1]]
    top = max(range(len(first)), key=lambda t: abs(first[t]))
    at = max(range(max(0, top - 4800), min(top + 2400, len(heard))), key=lambda t: abs(heard[t]), default=None)
    level = heard[at] / first[top] if at is not None else 1.0
    found = []
    for i in range(len(bounds) - 1):
        seg = ref[bounds[i]:bounds[i + 1]]
        loud = [t for t, x in enumerate(seg) if abs(x) >= 300]
        a, b = loud[0], loud[-1] + 1
        peak = max(range(a, b), key=lambda t: abs(seg[t]))
        want = level * seg[peak]
        found.append([p - peak for p, x in enumerate(heard)
                      if abs(x - want) <= 6 and 0 <= p - peak + a and p - peak + b <= len(heard)
                      and all(abs(heard[p - peak + t] - level * seg[t]) <= 6 for t in range(a, b))])
    return found


def pause_resume(sd_inflect, say, models):
    """PAUSE and RESUME through the real server, sent over SSIP by this
    test, the server playing to Card: a pause early in a long sentence, two
    in one message, one in the last sentence. Checked is what a user
    notices: the audio stops at the end of the sentence being spoken (the
    module pauses at the next of the server's marks, the server plays up to
    it) and nothing is heard until RESUME; RESUME brings the sound back
    within 5 s; the client gets PAUSED, RESUMED, then END; and every
    sentence is heard in full, in order, none twice (sentences_heard). A
    pause in the last sentence, with none of the server's marks left, lets
    the message end."""
    env = dict(os.environ, INFLECT_VOICE_PATH=models)
    env.pop("INFLECT_VOICE", None)
    text = " ".join(PAUSED_TEXT)
    ref = reference(say, env, [], text)
    bounds = [start for kind, start, _ in timings(say, env, text) if kind == "sentence"] + [len(ref)]
    check(len(bounds) == len(PAUSED_TEXT) + 1, f"pause: inflect-say's sentences start at {bounds}")
    server = shutil.which("speech-dispatcher")
    version = re.search(r"(\d+)\.(\d+)\.?(\d*)", subprocess.run([server, "-v"], capture_output=True, text=True,
                                                                 timeout=30).stdout)
    # speech-dispatcher before 0.11.5 (Debian 12 has 0.11.4) never ends a
    # message paused after the module sent its end, or with none of the
    # server's marks left: no PAUSE, no END, nothing spoken any more until
    # it restarts, whatever the module does (its bug #813;
    # docs/speech-dispatcher.md).
    stuck_at_end = version is not None and tuple(int(n or 0) for n in version.groups()) < (0, 11, 5)

    with tempfile.TemporaryDirectory() as tmp:
        conf, home, logs = (os.path.join(tmp, d) for d in ("conf", "home", "logs"))
        for d in (conf, home, logs):
            os.makedirs(d)
        fifo = os.path.join(tmp, "card")
        card = Card(fifo)
        with open(os.path.join(conf, "speechd.conf"), "w") as f:
            f.write(f'AddModule "inflect" "{sd_inflect}" ""\nDefaultModule "inflect"\nAudioOutputMethod "libao"\n')
        # libao's ALSA output, unlike the server's own, asks for a buffer of
        # the length it is told (the server's takes the largest `null`
        # allows, a whole message).
        with open(os.path.join(home, ".libao"), "w") as f:
            f.write("default_driver=alsa\nbuffer_time=20\n")
        with open(os.path.join(home, ".asoundrc"), "w") as f:
            f.write(f'pcm.!default {{\n type file\n slave.pcm "null"\n file "{fifo}"\n format "raw"\n}}\n')
        address = os.path.join(tmp, "socket")
        proc = subprocess.Popen([server, "-s", "-t", "0", "-c", "unix_socket", "-S", address, "-C", conf,
                                 "-L", logs, "-l", "4"], env=dict(env, HOME=home), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        client = None
        try:
            if not wait_until(lambda: os.path.exists(address) or proc.poll() is not None, 30) \
                    or not os.path.exists(address):
                check(False, f"pause: the server did not start (exit status {proc.poll()})")
                return
            client = Ssip(address, card)
            client.command("SET SELF CLIENT_NAME user:inflect-test:pause", "208")
            client.command("SET SELF NOTIFICATION ALL on", "220")
            # Half a second into the long sentence, the module is still
            # speaking it, the server holding its first seconds only. The
            # pause in the last sentence comes last: it may leave the
            # server stuck.
            for what, pauses in (("a pause in the long sentence", [bounds[1] + CARD_RATE // 2]),
                                 ("two pauses", [bounds[1] // 2, (bounds[2] + bounds[3]) // 2]),
                                 ("a pause in the last sentence", [bounds[3] + CARD_RATE // 2])):
                if not speak_paused(what, client, card, text, ref, bounds, pauses, stuck_at_end):
                    break
        finally:
            if client:
                client.close()
            stop_server(proc)
            card.close()


def stop_server(proc):
    """Ends a speech-dispatcher the test started: SIGTERM, then SIGKILL after 10 s."""
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def speak_paused(what, client, card, text, ref, bounds, pauses, stuck_at_end):
    """Speaks `text` over SSIP, pausing when the card has heard each of
    `pauses` (samples into the message) and resuming once the audio has
    stopped for half a second. Checks and prints what was heard; false when
    the server is left stuck."""
    rate = CARD_RATE * CARD_SPEED  # the samples the card plays in a second
    # What the card hears is inflect-say's samples less the silence the
    # module drops at the start of the message and of each resumed one:
    # `shift` takes a place in what is heard to one in `ref`.
    shift = dropped(ref)
    start, since = card.samples, len(client.lines)
    client.command("SPEAK", "230")
    client.send(*("." + line if line.startswith(".") else line for line in text.split("\n")), ".")
    check(client.wait(since, ["225"], 30) is not None, f"{what}: the message was not queued")
    replies, paused = since, 0
    for at in pauses:
        if not wait_until(lambda: card.samples - start >= at, 60):
            check(False, f"{what}: {(card.samples - start) / CARD_RATE:.2f} s heard after 60 s, not the"
                         f" {at / CARD_RATE:.2f} s to pause at")
            return False
        heard_at, sent, replies = card.samples - start, time.monotonic(), len(client.lines)
        client.command("PAUSE self", "211")
        # Where the audio should stop: at the end of the sentence being
        # played, or of the next one if the server's playback may have
        # passed its end already (it is ahead of the card, by the FIFO and
        # ALSA's buffer: 2,528 samples at most).
        ahead = [b for b in bounds[1:] if b > heard_at + shift]
        ends = ahead[:2] if ahead[0] - heard_at - shift < 3000 else ahead[:1]
        codes, timeout = ["704", "702", "703"], (len(ref) - heard_at) / rate + 15
        if stuck_at_end:
            # The signature of the server's bug: all of the message heard,
            # then a second with neither audio nor an event (the end comes
            # as the audio does).
            wait_until(lambda: client.wait(replies, codes, 0) or card.samples - start >= len(ref) - shift - 1200
                       and card.quiet(1), timeout)
        event = client.wait(replies, codes, 0 if stuck_at_end else timeout)
        if event is None and stuck_at_end and card.samples - start >= len(ref) - shift - 1200:
            print(f"{what}, {heard_at / CARD_RATE:.2f} s into the message: the message played to its end, and"
                  " the server reported neither PAUSE nor END (speech-dispatcher before 0.11.5, its bug #813)")
            found = sentences_heard(card.heard(start), ref, bounds)
            firsts = [f[0] for f in found if f]
            check(all(found), f"{what}: sentences {[i + 1 for i, f in enumerate(found) if not f]} not heard in full")
            check(firsts == sorted(firsts), f"{what}: sentences heard out of order, at {firsts}")
            return False
        check(event is not None, f"{what}: no PAUSE or END event within {(len(ref) - heard_at) / rate + 15:.0f} s"
                                 f" of the PAUSE, {(card.samples - start) / CARD_RATE:.2f} s heard")
        if event is None:
            return False
        if event[2] != "704 PAUSED":
            # Only right with none of the server's marks left to pause at.
            check(event[2].startswith("702 ") and ends[-1] == len(ref),
                  f"{what}: {event[2]} after a PAUSE {heard_at / CARD_RATE:.2f} s into the message")
            break
        paused += 1
        # Then nothing: half a second without a sample, from half a second
        # after the event on.
        check(wait_until(lambda: card.quiet(0.5) and time.monotonic() - event[0] > 0.5, 30),
              f"{what}: still heard 30 s after the PAUSE event")
        stopped, silent_from = card.samples - start, card.last
        check(any(end - shift - 1200 <= stopped <= end - shift for end in ends),
              f"{what}: the audio stopped {stopped / CARD_RATE:.3f} s into the message, not at the end of the"
              f" sentence it was paused in ({(ends[0] - shift) / CARD_RATE:.3f} s)")
        # The resumed message starts with the sentence after the end it
        # stopped at, and its silence is dropped too.
        shift += dropped(ref, min(ends, key=lambda end: abs(end - shift - stopped)))
        replies, resumed = len(client.lines), time.monotonic()
        client.command("RESUME self", "212")
        wait_until(lambda: card.samples - start > stopped, 30)
        back = card.when(start + stopped)
        print(f"{what}: PAUSE {heard_at / CARD_RATE:.2f} s into the message, the audio stopped"
              f" {(stopped - heard_at) / CARD_RATE:.2f} s later (of audio; {silent_from - sent:.2f} s at"
              f" {CARD_SPEED}x) at {stopped / CARD_RATE:.2f} s, silent {resumed - silent_from:.2f} s, heard again"
              f" {back - resumed:.3f} s after RESUME" if back else f"{what}: nothing heard after RESUME")
        check(back is not None and back - resumed < 5, f"{what}: not heard again within 5 s of RESUME")
        check(client.wait(replies, ["705"], 30) is not None, f"{what}: no RESUMED event")
    check(client.wait(replies, ["702", "703"], len(ref) / rate + 30) is not None, f"{what}: no END event")
    wait_until(lambda: card.quiet(0.3), 10)
    heard = card.heard(start)
    events = client.events(since)
    check(events == ["701 BEGIN"] + ["704 PAUSED", "705 RESUMED"] * paused + ["702 END"],
          f"{what}: events {events}")
    found = sentences_heard(heard, ref, bounds)
    firsts = [f[0] for f in found if f]
    check(all(found), f"{what}: sentences {[i + 1 for i, f in enumerate(found) if not f]} not heard in full")
    check(firsts == sorted(firsts), f"{what}: sentences heard out of order, at {firsts}")
    check(len(heard) <= len(ref) + 1200, f"{what}: {len(heard) - len(ref)} samples more than inflect-say's"
                                         f" {len(ref)}: audio heard twice")
    print(f"{what}: events {', '.join(e[4:] for e in events)}; sentences heard in full at"
          f" {[round(o / CARD_RATE, 2) for o in firsts]} s, {len(heard)} samples (inflect-say {len(ref)})")
    return True


def main():
    pausing = sys.argv[1:2] == ["--pause"]
    sd_inflect, say, models = (os.path.abspath(a) for a in (sys.argv[2:5] if pausing else sys.argv[1:4]))
    server, client = shutil.which("speech-dispatcher"), shutil.which("spd-say")
    if not server or not client:
        skip("needs Debian's speech-dispatcher (apt-get install speech-dispatcher)")
    if not os.path.exists("/usr/share/alsa/alsa.conf"):
        skip("needs ALSA's configuration (libasound2-data)")
    if pausing:
        if not glob.glob("/usr/lib/*/speech-dispatcher/spd_libao.so"):
            skip("needs speech-dispatcher's libao output (speech-dispatcher-audio-plugins)")
        if not glob.glob("/usr/lib/*/ao/plugins-4/libalsa.so"):
            skip("needs libao's ALSA driver (libao4)")
        pause_resume(sd_inflect, say, models)
        return finish("speech-dispatcher pause and resume: all checks passed")

    with tempfile.TemporaryDirectory() as tmp:
        conf, home, logs = (os.path.join(tmp, d) for d in ("conf", "home", "logs"))
        for d in (conf, home, logs):
            os.makedirs(d)
        sink = os.path.join(tmp, "heard.raw")
        with open(os.path.join(conf, "speechd.conf"), "w") as f:
            f.write(f'AddModule "inflect" "{sd_inflect}" ""\nDefaultModule "inflect"\nAudioOutputMethod "alsa"\n')
        with open(os.path.join(home, ".asoundrc"), "w") as f:
            f.write(f'pcm.!default {{\n type file\n slave.pcm "null"\n file "{sink}"\n format "raw"\n}}\n')
        socket = os.path.join(tmp, "socket")
        env = dict(os.environ, HOME=home, INFLECT_VOICE_PATH=models, SPEECHD_ADDRESS=f"unix_socket:{socket}")
        env.pop("INFLECT_VOICE", None)
        proc = subprocess.Popen([server, "-s", "-t", "0", "-c", "unix_socket", "-S", socket, "-C", conf,
                                 "-L", logs, "-l", "4"], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            for _ in range(100):
                if os.path.exists(socket):
                    break
                time.sleep(0.1)

            def heard(*args, text=TEXT, timeout=120):
                """What spd-say ARGS TEXT made the server play. spd-say -w
                returns at the message's end event: one that never comes
                is a failed check, not a test that hangs."""
                before = os.path.getsize(sink) if os.path.exists(sink) else 0
                try:
                    r = subprocess.run([client, "-o", "inflect", "-w", *args, text], env=env, capture_output=True,
                                       text=True, timeout=timeout)
                    check(r.returncode == 0, f"spd-say {args}: exit {r.returncode} {r.stderr}")
                except subprocess.TimeoutExpired:
                    check(False, f"spd-say {args} {text!r}: no end of speech within {timeout} s")
                return samples(sink, before) if os.path.exists(sink) else array.array("h")

            plain = heard()
            check(len(plain) > 24000 // 2, f"spd-say -o inflect: {len(plain)} samples reached the sink")
            # The server's own output level, the same for every message,
            # after the module's -6 dB at volume 0 (this server sets no
            # DefaultVolume).
            level = compare("default settings", plain, reference(say, env, []), 1.0, None) / 10 ** (-6 / 20)
            check(0.5 < level <= 1.0, f"the server scaled the audio by {level:.3f}")
            # Rate +50 and -100: durations three to the power -rate/100.
            compare("rate +50", heard("-r", "50"), reference(say, env, ["--length-scale", str(3 ** -0.5)]))
            compare("rate -100", heard("-r", "-100"), reference(say, env, ["--length-scale", "3"]))
            # Pitch +50: F0 times two to the power pitch/100.
            compare("pitch +50", heard("-p", "50"), reference(say, env, ["--pitch-scale", str(2 ** 0.5)]))
            # Pitch range +100 and -100: the engine's range 1 + range/100,
            # twice the intonation's excursions and none (how wide that
            # sounds on this sentence: tests/test_controls.py).
            wide, flat = heard("-R", "100"), heard("-R", "-100")
            compare("pitch range +100", wide, reference(say, env, ["--pitch-range", "2"]))
            compare("pitch range -100", flat, reference(say, env, ["--pitch-range", "0"]))
            # Volume -50: -18 dB; +100: the voice as released, 0 dB (the
            # level Debian's server and Orca ask for).
            compare("volume -50", heard("-i", "-50"), reference(say, env, []), 10 ** (-18 / 20), level)
            compare("volume +100", heard("-i", "100"), reference(say, env, []), 1.0, level)
            # A voice by name and by gender.
            kathleen = reference(say, env, ["-v", "kathleen"])
            compare("synthesis voice kathleen", heard("-y", "kathleen"), kathleen)
            compare("voice type female1", heard("-t", "female1"), kathleen)
            compare("voice type child_female", heard("-t", "child_female"), kathleen)
            listed = subprocess.run([client, "-o", "inflect", "-L"], env=env, capture_output=True, text=True,
                                    timeout=60).stdout
            check("kathleen" in listed and "rms" in listed, f"spd-say -L: {listed!r}")

            # SSML: CDATA is text as written; a '>' in a quoted attribute
            # value, comments and processing instructions do not end a tag
            # early; an unclosed tag is text, not the end of the message.
            def ssml(what, markup, text):
                compare(what, heard("-x", text=markup), reference(say, env, [], text))

            ssml("SSML CDATA", "<speak><![CDATA[x < y and z]]></speak>", "x < y and z")
            ssml("SSML '>' in a double-quoted value", '<speak>Use <mark name="a>b"/> this</speak>', "Use this")
            ssml("SSML '>' in a single-quoted value", "<speak>Use <mark name='a>b'/> this</speak>", "Use this")
            ssml("SSML comment and processing instruction",
                 "<speak>Use <!-- a > b --> this<?x a > b?> now</speak>", "Use this now")
            ssml("SSML unclosed tag", "<speak>Hello <b there", "Hello <b there")

            # Punctuation modes: none drops the symbols the engine reads
            # itself, some is the engine's reading, most and all name more.
            for mode, text in (("none", "Hello, world! 50 of a b (maybe)."),
                               ("some", PUNCTUATED),
                               ("most", "Hello, world! 50% of a+b left paren maybe right paren."),
                               ("all", "Hello comma, world exclamation mark! 50% of a+b left paren maybe right paren"
                                       " dot.")):
                compare(f"punctuation {mode}", heard("-m", mode, text=PUNCTUATED), reference(say, env, [], text))

            # Spelling, and a character: each character by its name.
            compare("spelling", heard("-s", text="Hi a+b"), reference(say, env, [], "H, i.\n\na, plus, b."))
            compare("character ?", heard("-c", text="?"), reference(say, env, [], "question mark"))
            # Keys: modifiers and the key, a punctuation key by its name
            # (it was dropped: "kp-*" said "kay pee", "?" nothing).
            for key, words in (("kp-*", "keypad star"), ("shift_-", "shift dash"), ("?", "question mark"),
                               ("ctrl_a", "ctrl a"), ("kp-enter", "keypad enter")):
                compare(f"key {key}", heard("-k", text=key), reference(say, env, [], words))

            # A voice that does not exist: the default voice speaks, and the
            # message ends (spd-say -w returns).
            compare("unknown synthesis voice", heard("-y", "nosuch", timeout=30), reference(say, env, []))
        finally:
            stop_server(proc)

    # Hostile SSML, straight to the module: megabytes of markup that never
    # closes must be read in linear time, its last words still spoken.
    env = dict(os.environ, INFLECT_VOICE_PATH=models)
    env.pop("INFLECT_VOICE", None)
    tail = reference(say, env, [], "the end.")
    for what, unit in (("'<'", b"<"), ("'</'", b"</"), ("unclosed quotes", b'<_ "'), ("mixed quotes", b"<_ '\""),
                       ("unclosed comments", b"<!--"), ("unclosed processing instructions", b"<?")):
        text = unit * (2_000_000 // len(unit)) + b" the end."
        events, pcm, seconds, _ = module_speaks(sd_inflect, env, text)
        check(events == ["200 OK SPEAKING", "701 BEGIN", "702 END"], f"2 MB of {what}: {events}")
        check(seconds < 20, f"2 MB of {what}: {seconds:.1f} s (not linear?)")
        compare(f"2 MB of {what}, then 'the end.'", pcm, tail)

    index_marks(sd_inflect, say, env)
    breaks(sd_inflect, say, env)
    structure(sd_inflect, say, env)
    capitals(sd_inflect, say, env)
    any_voice(sd_inflect, say, env, models)

    return finish("speech-dispatcher: all checks passed")


if __name__ == "__main__":
    sys.exit(main())
