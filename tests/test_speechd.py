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

Skips (77) when speech-dispatcher, spd-say or ALSA's configuration are
missing.
"""
import array
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from checks import check, finish
from skip import skip

TEXT = "Hello from the speech dispatcher."


def samples(path, offset=0):
    a = array.array("h")
    with open(path, "rb") as f:
        f.seek(offset)
        a.frombytes(f.read())
    if sys.byteorder != "little":
        a.byteswap()
    return a


def reference(say, env, args):
    out = subprocess.run([say, "--raw", "s16le", *args, TEXT], env=env, capture_output=True, check=True,
                         timeout=120).stdout
    a = array.array("h")
    a.frombytes(out)
    return a


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

            def heard(*args):
                """What spd-say ARGS made the server play."""
                before = os.path.getsize(sink) if os.path.exists(sink) else 0
                r = subprocess.run([client, "-o", "inflect", "-w", *args, TEXT], env=env, capture_output=True,
                                   text=True, timeout=120)
                check(r.returncode == 0, f"spd-say {args}: exit {r.returncode} {r.stderr}")
                return samples(sink, before) if os.path.exists(sink) else array.array("h")

            plain = heard()
            check(len(plain) > 24000 // 2, f"spd-say -o inflect: {len(plain)} samples reached the sink")
            # The server's own output level, the same for every message.
            level = compare("default settings", plain, reference(say, env, []), 1.0, None)
            check(0.5 < level <= 1.0, f"the server scaled the audio by {level:.3f}")
            # Rate +50 and -100: durations three to the power -rate/100.
            compare("rate +50", heard("-r", "50"), reference(say, env, ["--length-scale", str(3 ** -0.5)]))
            compare("rate -100", heard("-r", "-100"), reference(say, env, ["--length-scale", "3"]))
            # Pitch +50: intonation four to the power pitch/100.
            compare("pitch +50", heard("-p", "50"), reference(say, env, ["--pitch-scale", "2"]))
            # Volume -50: -15 dB.
            compare("volume -50", heard("-i", "-50"), reference(say, env, []), 10 ** (-15 / 20), level)
            # A voice by name and by gender.
            kathleen = reference(say, env, ["-v", "kathleen"])
            compare("synthesis voice kathleen", heard("-y", "kathleen"), kathleen)
            compare("voice type female1", heard("-t", "female1"), kathleen)
            listed = subprocess.run([client, "-o", "inflect", "-L"], env=env, capture_output=True, text=True,
                                    timeout=60).stdout
            check("kathleen" in listed and "rms" in listed, f"spd-say -L: {listed!r}")
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    return finish("speech-dispatcher: all checks passed")


if __name__ == "__main__":
    sys.exit(main())
