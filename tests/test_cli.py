#!/usr/bin/python3
"""inflect-say from the outside: options, errors, output formats, pipes.

  /usr/bin/python3 tests/test_cli.py INFLECT_SAY TINY.gguf DIR/parity.txt

TINY.gguf is tests/make_tiny_voice.py's en-us voice (speakers alice, bob;
24 kHz; the engine's inventory as its symbol table). An empty file means it
was made without PyTorch: exit 77, skip. DIR is tests/make_parity.py's,
whose upstream-{f16,q8}-{acoustic,vocoder}.gguf pairs are found by name.
"""
import io
import json
import os
import resource
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import wave

from checks import check, finish
from skip import skip

TIMEOUT = 120


def run(args, stdin=b"", env=None):
    """(exit status, stdout bytes, stderr text); a signal is a negative status."""
    p = subprocess.run([SAY] + args, input=stdin, capture_output=True, timeout=TIMEOUT, env=env)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def one_line_error(what, args, stdin=b"", mention=None, env=None):
    """The command fails cleanly: exit 1, one 'inflect-say: ...' line, no output."""
    code, out, err = run(args, stdin, env)
    check(code == 1, f"{what}: exit status {code}, expected 1")
    check(err.startswith("inflect-say: ") and err.count("\n") == 1, f"{what}: stderr is not one line: {err!r}")
    check(out == b"", f"{what}: wrote {len(out)} bytes to stdout")
    if mention:
        check(mention in err, f"{what}: message {err.strip()!r} does not mention {mention!r}")
    return err


def json_lines(what, data):
    rows = []
    for n, line in enumerate(data.splitlines(), 1):
        try:
            rows.append(json.loads(line))
        except ValueError as e:
            check(False, f"{what}: line {n} is not JSON ({e}): {line[:80]!r}")
    return rows


def read_wav(what, data, sizes_patched=True):
    """The samples of a 16-bit mono 24 kHz WAV, after checking every header field."""
    check(len(data) >= 44, f"{what}: {len(data)} bytes, shorter than a WAV header")
    if len(data) < 44:
        return b""
    riff, riff_size, form, fmt, fmt_size = struct.unpack_from("<4sI4s4sI", data, 0)
    tag, channels, rate, byte_rate, align, bits = struct.unpack_from("<HHIIHH", data, 20)
    chunk, data_size = struct.unpack_from("<4sI", data, 36)
    check((riff, form, fmt, chunk) == (b"RIFF", b"WAVE", b"fmt ", b"data"), f"{what}: chunk ids")
    check((fmt_size, tag, channels, rate, byte_rate, align, bits) == (16, 1, 1, 24000, 48000, 2, 16),
          f"{what}: fmt chunk {(fmt_size, tag, channels, rate, byte_rate, align, bits)}")
    if sizes_patched:
        check(riff_size == len(data) - 8 and data_size == len(data) - 44,
              f"{what}: sizes {riff_size}/{data_size} for a {len(data)}-byte file")
    else:
        # Streamed: "to the end", which readers take as every byte that follows.
        check(riff_size == data_size == 0xFFFFFFFF, f"{what}: streamed sizes {riff_size}/{data_size}")
        with wave.open(io.BytesIO(data)) as w:
            check(w.readframes(len(data)) == data[44:], f"{what}: Python's wave does not read it to the end")
    return data[44:]


def wav_file(what, path):
    """The samples of a WAV file whose header must describe it exactly."""
    with open(path, "rb") as f:
        return read_wav(what, f.read())


def wait_for_size(path, size, proc):
    """Polls until the file at path holds at least size bytes (or proc ended)."""
    for _ in range(int(TIMEOUT / 0.02)):
        if proc.poll() is not None or (os.path.exists(path) and os.path.getsize(path) >= size):
            return
        time.sleep(0.02)


def stderr_at_exit(proc, what):
    """proc's stderr text once it has exited; None, with a failed check, when
    it is still running after TIMEOUT (then it is killed)."""
    try:
        proc.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        check(False, f"{what}: still running after {TIMEOUT} s")
        err = None
    else:
        err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    return err


def reliability(v, tmp, text, s16):
    """Never hang, never lose what was written (issue 14)."""
    # A FIFO nobody writes to, as voice, vocoder or $INFLECT_VOICE: refused
    # at once (before, open() waited for a writer forever).
    fifo = os.path.join(tmp, "voice.gguf")
    os.mkfifo(fifo)
    one_line_error("FIFO as --voice", ["-v", fifo, "--raw", "s16le", "Hi"], mention="FIFO")
    one_line_error("FIFO as --vocoder", v + ["--vocoder", fifo, "--raw", "s16le", "Hi"], mention="FIFO")
    env = dict(os.environ, INFLECT_VOICE=fifo)
    p = subprocess.run([SAY, "--raw", "s16le", "Hi"], capture_output=True, timeout=TIMEOUT, env=env)
    check(p.returncode == 1 and b"FIFO" in p.stderr, f"FIFO as $INFLECT_VOICE: exit {p.returncode}, {p.stderr!r}")
    os.unlink(fifo)

    # -o naming the voice file: refused, the voice left whole (it was
    # replaced by the WAV).
    own = os.path.join(tmp, "own.gguf")
    shutil.copyfile(v[1], own)
    before = os.path.getsize(own)
    one_line_error("-o the voice file", ["-v", own, "-o", own, "Hi"], mention="voice file")
    check(os.path.getsize(own) == before, f"-o the voice file: the voice is now {os.path.getsize(own)} bytes")
    os.unlink(own)

    # Past the file size limit (ulimit -f): an error and a WAV whose header
    # says what it holds (SIGXFSZ killed it, the sizes left unwritten).
    limited = os.path.join(tmp, "limited.wav")
    p = subprocess.run([SAY] + v + ["-o", limited, text * 4], capture_output=True, timeout=TIMEOUT,
                       preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000)))
    check(p.returncode == 1 and b"File too large" in p.stderr,
          f"ulimit -f: exit {p.returncode}, {p.stderr.decode(errors='replace').strip()!r}")
    with open(limited, "rb") as f:
        read_wav("ulimit -f: the WAV left", f.read())

    # A limit too small for the library's float is refused, not taken as
    # "no limit".
    one_line_error("--max-duration 1e-50", v + ["--raw", "s16le", "--max-duration", "1e-50", "Hi"],
                   mention="--max-duration")

    # The text of a long token's pieces is cut in --timings and
    # --phonemes, so that the output grows with the input, not its square.
    token = "abcdefghij" * 300
    code, out, err = run(v + ["--raw", "s16le", "--timings", token])
    rows = json_lines("--timings of a 3 KB token", err.encode())
    check(code == 0 and rows and all(len(r["text"].encode()) <= 256 + 3 for r in rows)
          and any(r["length"] == len(token) for r in rows),
          f"--timings of a 3 KB token: exit {code}, texts up to {max((len(r['text']) for r in rows), default=0)}")

    # An empty $INFLECT_VOICE means unset, as for the GStreamer elements.
    runs = []
    for value in (None, ""):
        env = {k: x for k, x in os.environ.items() if k != "INFLECT_VOICE"}
        if value is not None:
            env["INFLECT_VOICE"] = value
        p = subprocess.run([SAY, "--list-speakers"], capture_output=True, timeout=TIMEOUT, env=env)
        runs.append((p.returncode, p.stdout, p.stderr))
    check(runs[0] == runs[1], f"INFLECT_VOICE='' differs from unset: {runs[1]!r} against {runs[0]!r}")

    # Every option is checked before the output file is touched.
    keep = os.path.join(tmp, "keep.wav")
    for what, args in (("--length-scale 100", ["--length-scale", "100"]), ("--pitch-scale -1", ["--pitch-scale", "-1"]),
                       ("--max-duration -1", ["--max-duration", "-1"]), ("--speaker nope", ["--speaker", "nope"]),
                       ("--max-duration x", ["--max-duration", "x"])):
        with open(keep, "wb") as f:
            f.write(b"precious")
        one_line_error(f"{what} with an existing output", v + ["-o", keep] + args + [text])
        with open(keep, "rb") as f:
            check(f.read() == b"precious", f"{what}: the existing output file was changed")
    with open(keep, "wb") as f:
        f.write(b"precious")
    one_line_error("missing voice with an existing output", ["-v", os.path.join(tmp, "nope.gguf"), "-o", keep, "Hi"])
    with open(keep, "rb") as f:
        check(f.read() == b"precious", "missing voice: the existing output file was changed")

    # A lost write to stdout is an error that says why.
    for what, args in (("--timings", v + ["-o", os.path.join(tmp, "t.wav"), "--timings", text]),
                       ("--phonemes", v + ["--phonemes", text]), ("--list-speakers", v + ["--list-speakers"]),
                       ("--list-symbols", ["--list-symbols"]), ("--help", ["--help"]), ("--version", ["--version"]),
                       ("--raw", v + ["--raw", "s16le", text]), ("-o -", v + ["-o", "-", text])):
        with open("/dev/full", "wb") as full:
            p = subprocess.run([SAY] + args, stdout=full, stderr=subprocess.PIPE, timeout=TIMEOUT)
        err = p.stderr.decode("utf-8", "replace")
        check(p.returncode == 1 and err.count("\n") == 1 and "No space left on device" in err,
              f"{what} > /dev/full: exit {p.returncode}, {err!r}")
    # Timings beside audio on stdout go to stderr: lost there, the exit status says so.
    for what, args in (("--raw", ["--raw", "s16le"]), ("-o -", ["-o", "-"])):
        with open("/dev/full", "wb") as full:
            p = subprocess.run([SAY] + v + args + ["--timings", text], stdout=subprocess.DEVNULL, stderr=full,
                               timeout=TIMEOUT)
        check(p.returncode == 1, f"{what} --timings 2> /dev/full: exit {p.returncode}")

    # -o - into a file the shell opened for appending (">>") or wrote to
    # first: the bytes already there stay, and the WAV after them is whole.
    # Both once lost the file's start: its header was patched at offset 0
    # (appended, under O_APPEND) and the file cut to the WAV's length.
    kept = b"P" * 100000
    out_path = os.path.join(tmp, "appended.bin")
    with open(out_path, "wb") as f:
        f.write(kept)
    with open(out_path, "ab") as f:
        p = subprocess.run([SAY] + v + ["-o", "-", text], stdout=f, stderr=subprocess.PIPE, timeout=TIMEOUT)
    with open(out_path, "rb") as f:
        data = f.read()
    check(p.returncode == 0 and data.startswith(kept), f"-o - >> FILE: exit {p.returncode}, "
          f"{len(data)} bytes, the file's {len(kept)} bytes {'kept' if data.startswith(kept) else 'lost'}")
    check(read_wav("-o - >> FILE", data[len(kept):], sizes_patched=False) == s16, "-o - >> FILE: not the text's WAV")
    with open(out_path, "wb") as f:
        f.write(kept)
        f.flush()
        p = subprocess.run([SAY] + v + ["-o", "-", text], stdout=f, stderr=subprocess.PIPE, timeout=TIMEOUT)
    with open(out_path, "rb") as f:
        data = f.read()
    check(p.returncode == 0 and data.startswith(kept), f"-o - after other output: exit {p.returncode}, "
          f"the file's first {len(kept)} bytes {'kept' if data.startswith(kept) else 'overwritten'}")
    check(read_wav("-o - after other output", data[len(kept):]) == s16, "-o - after other output: not the text's WAV")

    # Endless input (/dev/zero, a binary FIFO) is refused at 1 GiB, with
    # --lines too, whose line reader once read on until memory ran out and
    # then took the failed allocation for the end of the input ("no words").
    for what, args in (("text", []), ("--lines", ["--lines"])):
        with open("/dev/zero", "rb") as zero:
            p = subprocess.run([SAY] + v + args + ["-o", os.path.join(tmp, "zero.wav")], stdin=zero,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT,
                               preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30)))
        err = p.stderr.decode("utf-8", "replace")
        check(p.returncode == 1 and "of 1 GiB or more" in err and err.count("\n") == 1,
              f"{what} from /dev/zero: exit {p.returncode}, {err!r}")

    # --max-duration: whole utterances up to the limit, then an error; the
    # WAV holds exactly what was spoken, which is the full speech's start.
    wav = os.path.join(tmp, "cut.wav")
    seconds = len(s16) / 2 / 24000
    code, out, err = run(v + ["-o", wav, "--max-duration", f"{seconds * 0.6:.3f}", text])
    cut = wav_file("--max-duration", wav)
    check(code == 1 and "--max-duration: the speech would last longer than its limit" in err and err.count("\n") == 1, f"--max-duration: exit {code}, {err!r}")
    check(0 < len(cut) < len(s16) and s16.startswith(cut), f"--max-duration: {len(cut)} of {len(s16)} bytes")
    code, out, err = run(v + ["-o", wav, "--max-duration", f"{seconds * 1.01:.3f}", text])
    check(code == 0 and wav_file("--max-duration above the length", wav) == s16, f"--max-duration: exit {code}")

    # SIGTERM, SIGINT or SIGHUP (the terminal closed) in the middle of a long
    # text: the process dies of the signal, and the WAV's header describes
    # exactly the samples written, which are the start of the uninterrupted
    # speech.
    long_text = ("This sentence will be spoken many times over. " * 400).encode()
    code, whole, err = run(v + ["--raw", "s16le"], stdin=long_text)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        wav = os.path.join(tmp, f"signal{sig}.wav")
        # inflect-say keeps a signal ignored as it found it (nohup): the
        # suite run under nohup must still see the default.
        p = subprocess.Popen([SAY] + v + ["-o", wav], stdin=subprocess.PIPE, stderr=subprocess.PIPE,
                             preexec_fn=lambda s=sig: signal.signal(s, signal.SIG_DFL))
        p.stdin.write(long_text)
        p.stdin.close()
        wait_for_size(wav, 100000, p)
        p.send_signal(sig)
        err = stderr_at_exit(p, f"signal {sig}")
        if err is None:
            continue
        data = wav_file(f"WAV after signal {sig}", wav)
        check(p.returncode == -sig and "interrupted" in err, f"signal {sig}: exit {p.returncode}, {err!r}")
        check(100000 - 44 <= len(data) < len(whole) and whole.startswith(data),
              f"signal {sig}: {len(data)} bytes of {len(whole)}, not the start of the speech")

    # A signal ends the run even where the output blocks: a FIFO nobody
    # opens for reading, a pipe nobody empties (both once held the process
    # until SIGKILL, the signal waiting for a write that never came back).
    fifo = os.path.join(tmp, "out.fifo")
    os.mkfifo(fifo)
    for what, args, out in (("-o FIFO without a reader", ["-o", fifo, text], None),
                            ("--raw into a pipe nobody reads", ["--raw", "s16le"], subprocess.PIPE)):
        p = subprocess.Popen([SAY] + v + args, stdin=subprocess.PIPE, stdout=out, stderr=subprocess.PIPE)
        p.stdin.write(long_text)
        p.stdin.close()
        time.sleep(2)  # the tiny voice's first audio comes in milliseconds; then it blocks
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        check(p.returncode == -signal.SIGTERM, f"{what}: SIGTERM did not end it (exit {p.returncode})")
        p.kill()
        p.wait()
        for f in (p.stdout, p.stderr):
            if f:
                f.close()
    os.unlink(fifo)

    # --timings into a pipe whose reader leaves: SIGPIPE, as for any filter,
    # but only once the WAV's header holds the sizes of what it holds.
    wav = os.path.join(tmp, "timings-head.wav")
    p = subprocess.Popen([SAY] + v + ["--timings", "-o", wav], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    p.stdin.write(long_text)
    p.stdin.close()
    p.stdout.readline()
    p.stdout.close()
    err = stderr_at_exit(p, "--timings | head -1")
    if err is not None:
        check(p.returncode == -signal.SIGPIPE and "standard output was closed" in err,
              f"--timings | head -1: exit {p.returncode}, {err!r}")
        data = wav_file("WAV after --timings | head -1", wav)
        check(0 < len(data) < len(whole) and whole.startswith(data),
              f"--timings | head -1: {len(data)} bytes of {len(whole)}, not the start of the speech")

    # Standard output closed (>&-): the WAV file must not take its number,
    # or the timing lines would be written into the audio and reported as
    # a success.
    wav = os.path.join(tmp, "closed-stdout.wav")
    p = subprocess.run([SAY] + v + ["--timings", "-o", wav, text], stdin=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       preexec_fn=lambda: os.close(1), timeout=TIMEOUT)
    err = p.stderr.decode("utf-8", "replace")
    check(p.returncode == 1 and "writing standard output failed: Bad file descriptor" in err,
          f"--timings >&-: exit {p.returncode}, {err!r}")
    check(wav_file("WAV of --timings >&-", wav) == s16, "--timings >&-: the WAV is not the text's audio")

    # A read error names what could not be read.
    one_line_error("--ids DIRECTORY", v + ["--raw", "s16le", "--ids", tmp], mention=f"cannot read '{tmp}'")

    # A full disk: a clear error, and a header that claims no more than the
    # file holds. Needs a small tmpfs, so root (or a container that allows
    # mounting); otherwise this part is skipped.
    mnt = os.path.join(tmp, "small")
    os.mkdir(mnt)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt], capture_output=True).returncode:
        print("skip: full disk: cannot mount a small tmpfs here")
        return
    try:
        wav = os.path.join(mnt, "full.wav")
        code, out, err = run(v + ["-o", wav], stdin=long_text)
        check(code == 1 and "No space left on device" in err, f"full disk: exit {code}, {err!r}")
        data = wav_file("WAV on a full disk", wav)
        check(len(data) > 0 and whole.startswith(data), f"full disk: {len(data)} bytes, not the start of the speech")
    finally:
        subprocess.run(["umount", mnt])


def timings_beside_stdout(v, tmp, text, s16, rows):
    """Timing lines never go into the audio: an output that is standard
    output under another name is audio on standard output, and the lines go
    to standard error; when that is the same file too, an error."""
    # A pipe: a streamed WAV on stdout, the lines on stderr.
    code, out, err = run(v + ["-o", "/dev/stdout", "--timings", text])
    check(code == 0 and read_wav("-o /dev/stdout --timings into a pipe", out, sizes_patched=False) == s16,
          f"-o /dev/stdout --timings into a pipe: exit {code}, {out[:60]!r}")
    check(json_lines("-o /dev/stdout --timings: stderr", err) == rows,
          "-o /dev/stdout --timings into a pipe: not the timing lines on stderr")
    # A file: "> m.wav" and -o naming it as /dev/stdout, /proc/self/fd/1 or
    # through another link to it. Its header is patched, as for any file.
    wav = os.path.join(tmp, "m.wav")
    link = os.path.join(tmp, "m-link.wav")
    for what, name in (("/dev/stdout", "/dev/stdout"), ("/proc/self/fd/1", "/proc/self/fd/1"),
                       ("the file itself", wav), ("a hard link to it", link)):
        with open(wav, "wb") as f:
            if os.path.exists(link):
                os.unlink(link)
            os.link(wav, link)
            p = subprocess.run([SAY] + v + ["-o", name, "--timings", text], stdout=f, stderr=subprocess.PIPE,
                               timeout=TIMEOUT)
        err = p.stderr.decode("utf-8", "replace")
        check(p.returncode == 0 and wav_file(f"-o {what} --timings > FILE", wav) == s16,
              f"-o {what} --timings > FILE: exit {p.returncode}, not the WAV of the text")
        check(json_lines(f"-o {what} --timings > FILE: stderr", err) == rows,
              f"-o {what} --timings > FILE: not the timing lines on stderr")
    # A file with stdout elsewhere is not standard output: the lines stay there.
    code, out, err = run(v + ["-o", link, "--timings", text])
    check(code == 0 and json_lines("-o FILE --timings", out.decode()) == rows and err == "",
          f"-o FILE --timings: exit {code}, {err!r}")
    # Standard output and standard error one file: nowhere for the lines.
    for what, args in (("-o /dev/stdout", ["-o", "/dev/stdout"]), ("-o -", ["-o", "-"]),
                       ("--raw", ["--raw", "s16le"])):
        with open(wav, "wb") as f:
            p = subprocess.run([SAY] + v + args + ["--timings", text], stdout=f, stderr=f, timeout=TIMEOUT)
        with open(wav, "rb") as f:
            both = f.read().decode("utf-8", "replace")
        check(p.returncode == 1 and both.startswith("inflect-say: --timings: ") and both.count("\n") == 1,
              f"{what} --timings > FILE 2>&1: exit {p.returncode}, {both[:120]!r}")


def names_with_vocoder(parity, tmp, text):
    """A voice name, and a vocoder name, open the same files with --vocoder
    as the paths do; before, a name beside --vocoder was taken for a path."""
    with open(parity, encoding="utf-8") as f:
        unmade = f.readline()
    if unmade.startswith("skip "):  # made without PyTorch: a skip would hide the other checks' results
        print("skip: upstream pairs by name: " + unmade[5:].strip())
        return
    fixtures = os.path.dirname(os.path.abspath(parity))
    env = dict(os.environ, INFLECT_VOICE_PATH=fixtures)
    env.pop("INFLECT_VOICE", None)
    acoustic = os.path.join(fixtures, "upstream-q8-acoustic.gguf")
    vocoder = os.path.join(fixtures, "upstream-f16-vocoder.gguf")
    code, want, err = run(["-v", acoustic, "--vocoder", vocoder, "--raw", "s16le", text], env=env)
    check(code == 0 and len(want) > 4800, f"upstream pair by path: exit {code}, {len(want)} bytes, {err!r}")
    code, listing, err = run(["--list-voices"], env=env)
    check(code == 0 and f"upstream-q8-acoustic\t" in listing.decode(), f"--list-voices: exit {code}, {err!r}")
    for what, args in (("voice name", ["-v", "upstream-q8-acoustic", "--vocoder", vocoder]),
                       ("voice and vocoder names", ["-v", "upstream-q8-acoustic", "--vocoder", "upstream-f16-vocoder"]),
                       ("vocoder name", ["-v", acoustic, "--vocoder", "upstream-f16-vocoder"])):
        code, got, err = run(args + ["--raw", "s16le", text], env=env)
        check(code == 0 and got == want, f"upstream pair by {what}: exit {code}, {err.strip()!r}, "
              f"{len(got)} bytes against {len(want)}")
    # A WAV file too, as QA ran it.
    wav = os.path.join(tmp, "pair.wav")
    code, _, err = run(["-v", "upstream-q8-acoustic", "--vocoder", vocoder, "-o", wav, text], env=env)
    check(code == 0 and wav_file("upstream pair by name to a WAV", wav) == want, f"-o with a name: exit {code}, {err!r}")
    one_line_error("--vocoder name that is nowhere", ["-v", "upstream-q8-acoustic", "--vocoder", "no-vocoder",
                   "--raw", "s16le", text], mention="--vocoder: no voice 'no-vocoder'", env=env)


def lone_options(v, voice, tmp):
    """--espeak-voice only where it means something; --list-voices alone."""
    # A voice speaks its own language: --espeak-voice beside synthesis or a
    # voice's --phonemes would change nothing, and said nothing.
    y = os.path.join(tmp, "y.wav")
    for what, args in (("synthesis", ["-o", y]), ("synthesis with -v", v + ["-o", y]),
                       ("raw synthesis", ["--raw", "s16le"]), ("--phonemes with -v", v + ["--phonemes"])):
        one_line_error(f"--espeak-voice with {what}", args + ["--espeak-voice", "en-gb", "Tomato."],
                       mention="--espeak-voice is for --phonemes without --voice")
    check(not os.path.exists(y), "--espeak-voice with synthesis: a WAV file was written")
    # It asks for the engine's inventory: $INFLECT_VOICE (this en-us voice)
    # does not take its place.
    env = dict(os.environ, INFLECT_VOICE=voice)
    code, out, err = run(["--phonemes", "--espeak-voice", "en-gb", "Go home."], env=env)
    check(code == 0 and "əʊ" in out.decode("utf-8"),
          f"--espeak-voice en-gb with $INFLECT_VOICE set: exit {code}, {err.strip()!r}: British 'go' expected")
    # The help says what --phonemes does without a voice, as the test above
    # finds it: the inventory, a sentence each.
    code, usage, _ = run(["--help"])
    usage = usage.decode()
    check("one utterance per sentence" in usage and "not split" not in usage,
          "--help: --phonemes without a voice is not described as it works")

    # "--option=value" is "--option value"; an option that takes no value
    # refuses one; --raw writes only to standard output, so -o FILE beside
    # it, once silently left unwritten, is refused.
    code, joined, _ = run(v + ["--raw", "s16le", "--length-scale=1.2", "--pitch-scale=0.9", "Go home."])
    code2, apart, _ = run(v + ["--raw", "s16le", "--length-scale", "1.2", "--pitch-scale", "0.9", "Go home."])
    check(code == code2 == 0 and joined == apart and joined,
          f"--length-scale=1.2: exit {code}, {len(joined)} bytes, against {len(apart)} with the value apart")
    one_line_error("--timings=1", v + ["--raw", "s16le", "--timings=1", "Hi"], mention="--timings takes no value")
    one_line_error("--help=x", ["--help=x"], mention="--help takes no value")
    one_line_error("--length-scale=", v + ["--raw", "s16le", "--length-scale=", "Hi"], mention="--length-scale")
    one_line_error("--raw with -o", v + ["--raw", "s16le", "-o", y, "Hi"], mention="--raw writes to standard output")
    check(not os.path.exists(y), "--raw with -o: a file was written")
    code, out, _ = run(v + ["--raw", "s16le", "-o", "-", "Hi"])
    check(code == 0 and out, f"--raw with -o -: exit {code}, {len(out)} bytes")

    # --list-voices takes nothing else; a usage error, as an unknown option is.
    for what, args in (("words", ["--list-voices", "extra", "words"]), ("-v", ["--list-voices", "-v", "kathleen"]),
                       ("-v first", ["-v", "kathleen", "--list-voices"]), ("text after --", ["--list-voices", "--", "x"]),
                       ("--raw", ["--list-voices", "--raw", "s16le"])):
        one_line_error(f"--list-voices with {what}", args, mention="--list-voices takes no TEXT and no other option")
    # So does --list-symbols.
    for what, args in (("words", ["--list-symbols", "extra"]), ("-v", ["--list-symbols", "-v", "kathleen"]),
                       ("--espeak-voice", ["--espeak-voice", "en-gb", "--list-symbols"])):
        one_line_error(f"--list-symbols with {what}", args, mention="--list-symbols takes no TEXT and no other option")
    # Its help names the four places the man page and README name.
    man_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "engine", "tools", "inflect-say.1")
    with open(man_path, encoding="utf-8") as f:
        man = f.read()
    entry = usage[usage.index("--list-voices"):usage.index("--list-speakers")]
    for place in ("$INFLECT_VOICE_PATH", "$XDG_DATA_HOME/inflect/voices", "the installed", "$XDG_DATA_DIRS"):
        check(place in " ".join(entry.split()), f"--help for --list-voices leaves out {place}")
    for place in ("INFLECT_VOICE_PATH", "XDG_DATA_HOME/inflect/voices", "XDG_DATA_DIRS"):
        check(place in man, f"the man page leaves out {place}")


def main():
    global SAY
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    SAY, voice, parity = sys.argv[1], sys.argv[2], sys.argv[3]
    if os.path.getsize(voice) == 0:
        skip(f"{voice} is empty (no PyTorch when it was made)")
    scratch = tempfile.TemporaryDirectory(prefix="inflect-cli-")  # removed at exit, whatever happens
    tmp = scratch.name
    text = "Hello there, how are you? Fine, thanks: 42 apples."
    v = ["-v", voice]

    code, out, err = run(["--help"])
    check(code == 0 and out.startswith(b"Usage: inflect-say") and err == "", f"--help: exit {code}, {err!r}")
    code, out, err = run(["--version"])
    check(code == 0 and out.startswith(b"inflect-say ") and err == "", f"--version: exit {code}, {err!r}")

    one_line_error("unknown option", ["--no-such-option", "Hi"], mention="--no-such-option")
    one_line_error("unknown short option", ["-x", "Hi"], mention="-x")
    one_line_error("option without its value", v + ["--speaker"], mention="--speaker")
    one_line_error("--raw with a bad format", v + ["--raw", "s24be", "Hi"], mention="s24be")
    one_line_error("--length-scale not a number", v + ["--length-scale", "fast", "Hi"], mention="--length-scale")
    for opt, value in (("--length-scale", "nan"), ("--length-scale", "100"), ("--pitch-scale", "-1"),
                       ("--pitch-scale", "0"), ("--pitch-scale", "inf"), ("--pitch-range", "nan"),
                       ("--pitch-range", "-0.5"), ("--pitch-range", "5"), ("--energy-scale", "inf"),
                       ("--energy-scale", "-1")):
        one_line_error(f"{opt} {value}", v + ["--raw", "s16le", opt, value, "Hi"], mention=opt)

    # --low-memory reads the layers from the file at each use and vocodes in
    # smaller chunks: the same samples, byte for byte.
    code, plain, err = run(v + ["--raw", "s16le", text])
    check(code == 0 and len(plain) > 0, f"speak for --low-memory: exit {code}, {err!r}")
    code, low, err = run(v + ["--low-memory", "--raw", "s16le", text])
    check(code == 0 and low == plain, f"--low-memory: exit {code}, {len(low)} bytes against {len(plain)}, "
          f"{'same' if low == plain else 'different'} samples, {err!r}")

    # --threads shares each sentence's work: the same samples, byte for byte;
    # a count that is not a whole number in range is one clear error.
    for n in ("2", "3"):
        code, threaded, err = run(v + ["--threads", n, "--raw", "s16le", text])
        check(code == 0 and threaded == plain, f"--threads {n}: exit {code}, {len(threaded)} bytes against "
              f"{len(plain)}, {'same' if threaded == plain else 'different'} samples, {err!r}")
    for value in ("0", "-1", "65", "1.5", "two", ""):
        one_line_error(f"--threads {value!r}", v + ["--raw", "s16le", "--threads", value, "Hi"], mention="--threads")

    # Nothing is written when the voice cannot be opened.
    wav = os.path.join(tmp, "none.wav")
    one_line_error("missing voice file", ["-v", os.path.join(tmp, "missing.gguf"), "-o", wav, "Hi"],
                   mention="missing.gguf")
    check(not os.path.exists(wav), "missing voice file: the WAV file was created anyway")
    with open(voice, "rb") as f:
        good = f.read()
    # The writer pads the last tensor to the 32-byte alignment too; cutting 40
    # bytes always takes real data.
    for cut in (0, 3, 4, 24, 100, len(good) // 3, len(good) // 2, len(good) - 40):
        bad = os.path.join(tmp, f"cut{cut}.gguf")
        with open(bad, "wb") as f:
            f.write(good[:cut])
        one_line_error(f"voice cut to {cut} bytes", ["-v", bad, "--raw", "s16le", "Hi"], mention=bad)
    garbage = os.path.join(tmp, "garbage.gguf")
    with open(garbage, "wb") as f:
        f.write(b"GGUF" + bytes(range(256)) * 64)
    one_line_error("garbage after the magic", ["-v", garbage, "--raw", "s16le", "Hi"], mention=garbage)
    one_line_error("a directory as the voice", ["-v", tmp, "--raw", "s16le", "Hi"])
    one_line_error("unwritable output", v + ["-o", os.path.join(tmp, "no", "such", "dir.wav"), "Hi"],
                   mention="dir.wav")

    # Raw samples: s16le is f32le rounded to 16 bits.
    code, s16, err = run(v + ["--raw", "s16le", text])
    check(code == 0 and err == "" and len(s16) > 1000 and len(s16) % 2 == 0,
          f"--raw s16le: exit {code}, {len(s16)} bytes, {err!r}")
    code, f32, err = run(v + ["--raw", "f32le", text])
    check(code == 0 and len(f32) == 2 * len(s16), f"--raw f32le: {len(f32)} bytes against {len(s16)} of s16le")
    if code == 0 and len(f32) == 2 * len(s16) and s16:
        ints = struct.unpack(f"<{len(s16) // 2}h", s16)
        floats = struct.unpack(f"<{len(f32) // 4}f", f32)
        worst = max(abs(i - max(-1.0, min(1.0, x)) * 32767) for i, x in zip(ints, floats))
        check(worst <= 0.51, f"s16le differs from f32le x 32767 by up to {worst}")
        check(max(map(abs, ints)) > 300, "the audio is silent")

    # WAV to a file: every header field, sizes patched, data as --raw s16le.
    wav = os.path.join(tmp, "out.wav")
    code, out, err = run(v + ["-o", wav, text])
    check(code == 0 and err == "" and out == b"", f"-o FILE: exit {code}, {err!r}")
    with open(wav, "rb") as f:
        check(read_wav("WAV file", f.read()) == s16, "WAV file data differs from --raw s16le")
    # To a pipe the sizes cannot be patched; the samples still follow the header.
    code, out, err = run(v + ["-o", "-", text])
    check(code == 0 and read_wav("WAV on stdout", out, sizes_patched=False) == s16, "WAV on stdout")
    # A text without words is an error, and leaves no file behind, nor
    # touches one that was there.
    for what, words in (("empty text", ""), ("only marks", "...!?"), ("only symbols", "* ~ |")):
        nothing = os.path.join(tmp, "nothing.wav")
        one_line_error(what, v + ["-o", nothing, words], mention="no words")
        check(not os.path.exists(nothing), f"{what}: a WAV file was left behind")
        with open(nothing, "wb") as f:
            f.write(b"precious")
        one_line_error(f"{what} over an existing file", v + ["-o", nothing, words], mention="no words")
        with open(nothing, "rb") as f:
            check(f.read() == b"precious", f"{what}: the existing output file was changed")
        os.remove(nothing)
        one_line_error(f"{what} as raw audio", v + ["--raw", "s16le", words], mention="no words")
    # Words of another script are skipped: the message says why there are none.
    one_line_error("only Cyrillic", v + ["-o", os.path.join(tmp, "nothing.wav"), "Привет, мир"],
                   mention="only English is read")

    # Text from standard input reads like text from the arguments.
    code, out, err = run(v + ["--raw", "s16le"], stdin=text.encode())
    check(code == 0 and out == s16, f"text on stdin: exit {code}, {len(out)} bytes against {len(s16)}")
    # --lines speaks each line as it arrives: the first line's audio comes out
    # while standard input is still open, and the whole is each line spoken
    # alone, one after the other; timings count from the start of the input.
    lines = ["Hello there.", "", "Second line, later."]
    alone = [run(v + ["--raw", "s16le", ln])[1] for ln in (lines[0], lines[2])]
    p = subprocess.Popen([SAY] + v + ["--lines", "--raw", "s16le"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    p.stdin.write((lines[0] + "\n").encode())
    p.stdin.flush()
    first = b""
    while len(first) < len(alone[0]):
        chunk = p.stdout.read1(len(alone[0]) - len(first))
        if not chunk:
            break
        first += chunk
    check(first == alone[0], f"--lines: {len(first)} bytes of the first line before the next came, "
          f"{len(alone[0])} spoken alone")
    rest, err = p.communicate(("\n".join(lines[1:]) + "\n").encode(), timeout=TIMEOUT)
    check(p.returncode == 0 and first + rest == alone[0] + alone[1],
          f"--lines: exit {p.returncode}, {len(first + rest)} bytes against {len(alone[0] + alone[1])}, {err!r}")
    code, out, err = run(v + ["--lines", "--timings", "-o", os.path.join(tmp, "lines.wav")],
                         stdin=("\n".join(lines) + "\n").encode())
    words = [json.loads(ln) for ln in out.decode().splitlines()]
    words = [w for w in words if w["type"] == "word"]
    check(code == 0 and [w["text"] for w in words] == ["Hello", "there", "Second", "line", "later"] and
          all(w["text"].encode() == ("\n".join(lines) + "\n").encode()[w["offset"]:w["offset"] + w["length"]]
              for w in words) and words[2]["start"] >= len(alone[0]) // 2,
          f"--lines --timings: exit {code}, {words}")
    check(wav_file("WAV of --lines", os.path.join(tmp, "lines.wav")) == alone[0] + alone[1],
          "--lines -o FILE: not each line spoken alone")
    # A signal while --lines waits for the rest of a line ends it with what was
    # spoken before: the part of the line already read (which the interrupted
    # read hands back) is not spoken into the file.
    wav = os.path.join(tmp, "lines-signal.wav")
    p = subprocess.Popen([SAY] + v + ["--lines", "-o", wav], stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdin.write((lines[0] + "\n").encode())
    p.stdin.flush()
    wait_for_size(wav, 44 + len(alone[0]), p)
    p.stdin.write(b"Second line, la")
    p.stdin.flush()
    time.sleep(0.5)  # read by then on any machine; were it not, the check below would still hold
    p.send_signal(signal.SIGINT)
    err = stderr_at_exit(p, "--lines, SIGINT mid-line")
    p.stdin.close()
    if err is not None:
        check(p.returncode == -signal.SIGINT and wav_file("WAV of --lines after SIGINT", wav) == alone[0],
              f"--lines, SIGINT mid-line: exit {p.returncode}, {err!r}, not the first line alone")
    one_line_error("--lines with TEXT", v + ["--lines", "Hi"], mention="--lines")
    # UTF-16 (a Windows editor's "Unicode") was spoken a letter at a time.
    wide = "Hello there.\n".encode("utf-16")
    for what, args in (("UTF-16 text", []), ("UTF-16 --lines", ["--lines"])):
        one_line_error(what, v + args + ["--raw", "s16le"], stdin=wide, mention="UTF-16")
    # --max-duration bounds all the lines together, as the help says.
    lines = b"Hello there, how are you today?\n" * 3
    code, whole, err = run(v + ["--lines", "--raw", "s16le"], stdin=lines)
    limit = len(whole) / 2 / 24000 * 0.5
    code, got, err = run(v + ["--lines", "--raw", "s16le", "--max-duration", f"{limit:.3f}"], stdin=lines)
    check(code == 1 and 0 < len(got) < len(whole) and whole.startswith(got) and len(got) / 2 / 24000 <= limit
          and "--max-duration: the speech would last longer than its limit" in err and err.count("\n") == 1,
          f"--lines --max-duration {limit:.3f}: exit {code}, {len(got)} of {len(whole)} bytes, {err!r}")
    one_line_error("--lines of nothing", v + ["--lines", "--raw", "s16le"], stdin=b"...\n\n", mention="no words")

    # Options after the text are options (they were once spoken, into
    # speech.wav); after -- everything is text, and so is "-5".
    code, out, err = run([text, "--raw", "s16le"] + v)
    check(code == 0 and out == s16, f"options after the text: exit {code}, {len(out)} bytes against {len(s16)}")
    one_line_error("an empty --voice", ["-v", "", "Hi"], mention="-v needs a voice")
    one_line_error("unknown option after the text", v + ["Hi", "--no-such-option"], mention="--no-such-option")
    code, dashed, err = run(v + ["--raw", "s16le", "--", "--raw"])
    code2, plain_word, _ = run(v + ["--raw", "s16le", "raw"])
    check(code == 0 and code2 == 0 and dashed == plain_word, f"-- then '--raw' is not the word raw: exit {code}")
    code, minus, err = run(v + ["--timings", "--raw", "s16le", "It is", "-5", "degrees."])
    check(code == 0 and [r["text"] for r in json_lines("-5", err) if r["type"] == "word"][2:3] == ["-5"],
          f"'-5' after the text is not a word: exit {code}, {err[:200]!r}")

    # Timings: JSON lines on stdout beside a WAV file, on stderr beside raw audio.
    code, out, err = run(v + ["-o", wav, "--timings", text])
    rows = json_lines("--timings", out.decode("utf-8"))
    check(code == 0 and rows, f"--timings: exit {code}, {len(rows)} lines")
    raw = text.encode()
    words = [r for r in rows if r.get("type") == "word"]
    check([r["text"] for r in words] == ["Hello", "there", "how", "are", "you", "Fine", "thanks", "42", "apples"],
          f"--timings words: {[r.get('text') for r in words]}")
    for r in rows:
        check(r["type"] in ("word", "phoneme", "sentence"), f"--timings: type {r['type']!r}")
        check(raw[r["offset"]:r["offset"] + r["length"]].decode() == r["text"], f"--timings: text of {r}")
        check(r["start"] + r["samples"] <= len(s16) // 2, f"--timings: {r} ends after the audio")
        check((r["type"] == "phoneme") == ("symbol" in r), f"--timings: symbol on {r}")
    code, out, err = run(v + ["--raw", "s16le", "--timings", text])
    check(code == 0 and out == s16 and json_lines("--timings on stderr", err) == rows,
          "--timings beside --raw: not the same lines on stderr")
    timings_beside_stdout(v, tmp, text, s16, rows)
    # Any input bytes give valid UTF-8 JSON; a bad sequence reads as U+FFFD,
    # one per maximal invalid subpart as Python (and Unicode) decode it.
    hostile = b'Caf\xc3 \xff ok, "q" \\ \x00\x01 tab\there. Bad \xed\xa0\x80 \xe2\x82 \xf0\x9f\x98 end\xc0\xaf.'
    for what, args in (("--timings", v + ["-o", wav, "--timings"]), ("--phonemes", v + ["--phonemes"])):
        code, out, err = run(args, stdin=hostile)
        try:
            lines = json_lines(f"{what} of invalid UTF-8", out.decode("utf-8"))
        except UnicodeDecodeError as e:
            check(False, f"{what} of invalid UTF-8 input: output is not UTF-8 ({e})")
            continue
        check(code == 0 and lines, f"{what} of invalid UTF-8: exit {code}, {len(lines)} lines")
        for r in lines:
            # --phonemes gives no length: its text must start where it says.
            end = r["offset"] + r["length"] if "length" in r else len(hostile)
            want = hostile[r["offset"]:end].decode("utf-8", "replace")
            check(want.startswith(r["text"]) if "length" not in r else r["text"] == want,
                  f"{what} of invalid UTF-8: text {r['text']!r}, expected {want!r}")

    # Phonemes: ids index the voice's table, which is the engine's inventory.
    code, out, err = run(["--list-symbols"])
    table = [line.split("\t", 1)[1] for line in out.decode("utf-8").splitlines()]
    check(code == 0 and table[:2] == ["_", ","], f"--list-symbols: {table[:4]}")
    # With a voice, the utterances synthesis runs: this voice's small
    # max_frames makes the duration predictor split the first sentence.
    code, out, err = run(v + ["--phonemes", text])
    utts = json_lines("--phonemes", out.decode("utf-8"))
    check(code == 0 and len(utts) == 3, f"--phonemes: exit {code}, {len(utts)} utterances, {err!r}")
    for u in utts:
        n = len(u["symbols"])
        check(len(u["phone"]) == len(u["tone"]) == len(u["lang"]) == n, f"--phonemes: stream lengths of {u['text']}")
        check([table[i] for i in u["phone"]] == u["symbols"], f"--phonemes: ids and symbols of {u['text']!r} disagree")
        check(raw[u["offset"]:].decode().startswith(u["text"]), f"--phonemes: offset of {u['text']!r}")
    code, want, _ = run(v + ["--raw", "f32le", text])
    code, got, err = run(v + ["--raw", "f32le", "--ids", "-"], stdin=out)
    check(code == 0 and len(want) > 0 and got == want, f"--ids of --phonemes: exit {code} {err!r}, not the text's audio")
    # Ids are checked against the voice's tables, and bounded by --max-duration like text.
    first = json.loads(out.decode("utf-8").splitlines()[0])
    for field in ("tone", "lang"):
        bad = dict(first, **{field: [100000] * len(first[field])})
        code, got, err = run(v + ["--raw", "f32le", "--ids", "-"], stdin=json.dumps(bad).encode())
        check(code == 1 and not got and "out of range" in err, f"--ids with {field} 100000: exit {code}, {err!r}")
    n = (1 << 20) + 1  # one past what a v1 acoustic model takes
    code, got, err = run(v + ["--raw", "f32le", "--ids", "-"],
                         stdin=json.dumps({"phone": [1] * n, "tone": [0] * n, "lang": [0] * n}).encode())
    check(code == 1 and not got and "1048577 ids (this voice speaks 1 to 1048576)" in err,
          f"--ids with 2^20 + 1 ids: exit {code}, {err!r}")
    code, got, err = run(v + ["--raw", "f32le", "--max-duration", "0.01", "--ids", "-"], stdin=out)
    check(code == 1 and not got and "utterance 1: --max-duration: the speech would last longer than its limit of "
          "0.01 s" in err, f"--ids with --max-duration 0.01: exit {code}, {err!r}")
    # The limit is on the whole run, not on each utterance (it once was).
    limit = len(want) / 4 / 24000 * 0.8
    code, got, err = run(v + ["--raw", "f32le", "--max-duration", f"{limit:.3f}", "--ids", "-"], stdin=out)
    check(code == 1 and 0 < len(got) < len(want) and want.startswith(got) and len(got) / 4 / 24000 <= limit
          and "--max-duration: the speech would last longer than its limit" in err,
          f"--ids with --max-duration {limit:.3f}: exit {code}, {len(got)} of {len(want)} bytes, {err!r}")
    # Without one, whole sentences; so with the voice when nothing overflows.
    code, out, err = run(v + ["--length-scale", "0.1", "--phonemes", text])
    code, out2, err = run(["--phonemes", text])
    check(code == 0 and len(json_lines("--phonemes", out2.decode())) == 2 and out2 == out,
          "--phonemes without a voice differs from the inventory voice")
    # espeak-ng knows "en-gb" as a language, not a voice file name.
    code, out, err = run(["--phonemes", "--espeak-voice", "en-gb", "Go home."])
    check(code == 0 and "əʊ" in out.decode("utf-8"),
          f"--espeak-voice en-gb: exit {code}, {err.strip()!r}: British 'go' expected")
    one_line_error("--espeak-voice that does not exist", ["--phonemes", "--espeak-voice", "xx-nope", "Hi"],
                   mention="xx-nope")

    # Speakers by name and index.
    code, out, err = run(v + ["--list-speakers"])
    check(code == 0 and out == b"0\talice\n1\tbob\n", f"--list-speakers: {out!r}")
    code, bob, err = run(v + ["--raw", "s16le", "--speaker", "bob", text])
    code1, one, err1 = run(v + ["--raw", "s16le", "-s", "1", text])
    check(code == 0 and code1 == 0 and bob == one, "--speaker bob and -s 1 differ")
    check(bob != s16, "speaker bob sounds exactly like alice")
    one_line_error("--speaker nope", v + ["--raw", "s16le", "--speaker", "nope", text], mention="nope")
    one_line_error("--speaker 2", v + ["--raw", "s16le", "--speaker", "2", text], mention="2")

    lone_options(v, voice, tmp)
    reliability(v, tmp, text, s16)

    # A reader that goes away early: no crash and no hang, whether SIGPIPE
    # kills the writer (the default) or is ignored and writes fail.
    long_text = ("This sentence will be spoken many times over. " * 400).encode()
    for ignore in (False, True):
        for fmt in (["--raw", "s16le"], ["-o", "-"]):
            what = f"{' '.join(fmt)} into a closed pipe{' with SIGPIPE ignored' if ignore else ''}"
            pre = (lambda: signal.signal(signal.SIGPIPE, signal.SIG_IGN)) if ignore else None
            p = subprocess.Popen([SAY] + v + fmt, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, preexec_fn=pre)
            p.stdin.write(long_text)
            p.stdin.close()
            head = p.stdout.read(100)
            p.stdout.close()
            err = stderr_at_exit(p, what)
            if err is None:
                continue
            check(len(head) == 100, f"{what}: only {len(head)} bytes before the close")
            if ignore:
                check(p.returncode == 1 and err.count("\n") == 1 and "writing the audio failed: Broken pipe" in err,
                      f"{what}: exit {p.returncode}, {err!r}")
            else:
                check(p.returncode in (-signal.SIGPIPE, 1), f"{what}: exit {p.returncode}, {err!r}")

    names_with_vocoder(parity, tmp, text)
    return finish("cli: all checks passed")


if __name__ == "__main__":
    sys.exit(main())
