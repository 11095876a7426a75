#!/usr/bin/python3
"""sd_inflect under a real speech-dispatcher, heard through a real ALSA sink.

  /usr/bin/python3 tests/test_speechd.py SD_INFLECT INFLECT_SAY MODELS_DIR

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
become; a voice name that does not exist, with the default voice. Where
tests/listen.py loads (NumPy, SciPy, PyTorch), the F0 spread at pitch
range +100 and -100 is measured too. Hostile SSML goes to sd_inflect
directly, over the output module protocol, without a server.

Skips (77) when speech-dispatcher, spd-say or ALSA's configuration are
missing.
"""
import array
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

from checks import check, finish
from skip import skip

try:
    import numpy as np

    import listen
except Exception as e:  # noqa: BLE001 - any missing piece (NumPy, SciPy, PyTorch) means no F0
    listen = None
    LISTEN_MISSING = str(e)

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


def module_speaks(sd_inflect, env, text, timeout=60, setup=b"", stop_at_mark=None):
    """Speaks `text` (bytes) with sd_inflect alone, over the output module
    protocol: INIT, SETUP (SET blocks, as bytes), SPEAK, events up to END or
    STOP, QUIT. Returns the replies and events, the samples, the seconds it
    took and the index marks, each as (name as bytes, samples received
    before it); STOP goes to the module as soon as the mark named
    `stop_at_mark` (bytes) arrives. Every line must be one the protocol has: a line that is not
    (a mark name that broke its line) is a failed check. The module is
    killed after `timeout` seconds (the events then stop short)."""
    proc = subprocess.Popen([sd_inflect, os.devnull], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    watchdog = threading.Timer(timeout, proc.kill)
    watchdog.start()
    start = time.monotonic()
    events, audio, marks, name = [], bytearray(), [], None
    try:
        body = b"".join((b"." + line if line.startswith(b".") else line) + b"\n" for line in text.split(b"\n"))
        proc.stdin.write(b"INIT\n" + setup + b"SPEAK\n" + body + b".\n")
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
                if marks[-1][0] == stop_at_mark:
                    proc.stdin.write(b"STOP\n")
                    proc.stdin.flush()
            elif line[:3] in (b"200", b"202", b"203", b"207", b"299", b"701", b"702", b"703") \
                    or line[:1] in (b"3", b"4"):
                if line[:3] not in (b"202", b"203", b"207", b"299"):
                    events.append(line.decode(errors="replace").strip())
                if line[:3] in (b"702", b"703"):
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


def f0_span(pcm):
    """p5-p95 spread of the voiced F0, in semitones (tests/listen.py)."""
    return listen.span_semitones(listen.f0_track(np.array(pcm, dtype=np.float64) / 32768.0))


def compare(what, heard, ref, expected_gain=None, level=None):
    """heard = level * gain * ref, sample for sample (up to rounding and
    clipping); returns the fitted factor."""
    check(len(heard) == len(ref), f"{what}: {len(heard)} samples heard, inflect-say made {len(ref)}")
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
    compare("marks: the audio", pcm, reference(say, env, [], whole))
    at = timings(say, env, whole)
    expected = [(b"start", 0), (b"mid", len(reference(say, env, [], first))),
                (b"word", start_of(at, "word", "are")), (b"end", len(pcm))]
    check(marks == expected, f"marks, by samples before each: {marks}, expected {expected}")

    # The modes change the text the engine reads; the marks move with it.
    for what, setup, text, spoken, place in (
            ("punctuation all", b"SET\npunctuation_mode=all\n.\n", b"<speak>Hello <mark name='w'/>there, a+b.</speak>",
             "Hello there comma, a+b dot.", ("word", "there")),
            ("spelling", b"SET\nspelling_mode=on\n.\n", b"<speak>Hi <mark name='w'/>ab</speak>",
             "H, i.\n\na, b.", ("sentence", "a, b."))):
        events, pcm, _, marks = module_speaks(sd_inflect, env, text, setup=setup)
        compare(f"marks, {what}: the audio", pcm, reference(say, env, [], spoken))
        expected = [(b"w", start_of(timings(say, env, spoken), *place))]
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


def main():
    sd_inflect, say, models = (os.path.abspath(a) for a in sys.argv[1:4])
    server, client = shutil.which("speech-dispatcher"), shutil.which("spd-say")
    if not server or not client:
        skip("needs Debian's speech-dispatcher (apt-get install speech-dispatcher)")
    if not os.path.exists("/usr/share/alsa/alsa.conf"):
        skip("needs ALSA's configuration (libasound2-data)")

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
            # The server's own output level, the same for every message.
            level = compare("default settings", plain, reference(say, env, []), 1.0, None)
            check(0.5 < level <= 1.0, f"the server scaled the audio by {level:.3f}")
            # Rate +50 and -100: durations three to the power -rate/100.
            compare("rate +50", heard("-r", "50"), reference(say, env, ["--length-scale", str(3 ** -0.5)]))
            compare("rate -100", heard("-r", "-100"), reference(say, env, ["--length-scale", "3"]))
            # Pitch +50: F0 times four to the power pitch/100.
            compare("pitch +50", heard("-p", "50"), reference(say, env, ["--pitch-scale", "2"]))
            # Pitch range +100 and -100: the engine's range 1 + range/100,
            # twice the intonation's excursions and none.
            wide, flat = heard("-R", "100"), heard("-R", "-100")
            compare("pitch range +100", wide, reference(say, env, ["--pitch-range", "2"]))
            compare("pitch range -100", flat, reference(say, env, ["--pitch-range", "0"]))
            if listen:
                spans = [f0_span(x) for x in (flat, plain, wide)]
                print("F0 spread (p5-p95, semitones) at pitch range -100, 0, +100: "
                      + ", ".join(f"{x:.2f}" for x in spans))
                check(spans[0] < 0.3 * spans[1] and spans[2] > 1.5 * spans[1],
                      f"pitch range -100, 0, +100: F0 spreads {spans[0]:.2f}, {spans[1]:.2f}, {spans[2]:.2f}"
                      " semitones, not narrower and wider")
            else:
                print(f"F0 spread not measured (tests/listen.py: {LISTEN_MISSING})")
            # Volume -50: -15 dB.
            compare("volume -50", heard("-i", "-50"), reference(say, env, []), 10 ** (-15 / 20), level)
            # A voice by name and by gender.
            kathleen = reference(say, env, ["-v", "kathleen"])
            compare("synthesis voice kathleen", heard("-y", "kathleen"), kathleen)
            compare("voice type female1", heard("-t", "female1"), kathleen)
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

            # A voice that does not exist: the default voice speaks, and the
            # message ends (spd-say -w returns).
            compare("unknown synthesis voice", heard("-y", "nosuch", timeout=30), reference(say, env, []))
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

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

    return finish("speech-dispatcher: all checks passed")


if __name__ == "__main__":
    sys.exit(main())
