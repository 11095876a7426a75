#!/usr/bin/python3
"""Upstream-layout models through inflect-say, as a user would run them.

  /usr/bin/python3 tests/test_upstream_cli.py INFLECT_SAY DIR/parity.txt

DIR holds what tests/make_parity.py made from a random model with
upstream's layout: upstream.gguf (converted to our one-file voice) and the
two-file community layout, upstream-{f16,q8,q4k}-{acoustic,vocoder}.gguf. Without PyTorch there are none: skip.
training/measure_prosody.py measures such a pair too.
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

from checks import check, finish
from skip import skip_unmade


def run(*args):
    p = subprocess.run([SAY, *args], capture_output=True, timeout=120)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def speaks(what, *args):
    """The command writes a WAV of 24 kHz mono speech that is not silent."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.wav")
        code, _, err = run(*args, "-o", out, "Dr. Smith paid $3.50 at 10:30.")
        check(code == 0, f"{what}: exit {code}: {err.strip()}")
        if code != 0:
            return
        data = open(out, "rb").read()
        rate = struct.unpack("<I", data[24:28])[0]
        samples = struct.unpack(f"<{(len(data) - 44) // 2}h", data[44:44 + (len(data) - 44) // 2 * 2])
        check(rate == 24000, f"{what}: {rate} Hz")
        check(len(samples) > 2400 and max(abs(s) for s in samples) > 100, f"{what}: silent or empty audio")


def fails(what, mention, *args):
    code, out, err = run(*args, "hello")
    check(code == 1 and err.startswith("inflect-say: ") and err.count("\n") == 1,
          f"{what}: exit {code}, stderr {err!r}")
    check(mention in err, f"{what}: {err.strip()!r} does not mention {mention!r}")


def run_in(stdin, *args):
    p = subprocess.run([SAY, *args], input=stdin, capture_output=True, timeout=120)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def ids_round_trip(voice):
    """--phonemes shows the utterances synthesis makes, budget splits
    included, and --ids speaks them to the very same samples."""
    # Long enough that the budget of this voice (max_frames 400) splits each
    # sentence into several utterances.
    text = ("On the first of May, the committee met in the old town hall to discuss the plans for the new bridge, "
            "the roads and the river. Nobody agreed, so they met again the next week and talked until midnight.")
    for scale in ("1", "2"):
        code, listing, err = run("--voice", voice, "--length-scale", scale, "--phonemes", text)
        utts = [json.loads(line) for line in listing.decode().splitlines()]
        check(code == 0 and len(utts) > 2, f"--phonemes at length scale {scale}: exit {code}, {len(utts)} utterances")
        _, want, _ = run("--voice", voice, "--length-scale", scale, "--raw", "f32le", text)
        code, got, err = run_in(listing, "--voice", voice, "--length-scale", scale, "--raw", "f32le", "--ids", "-")
        check(code == 0 and len(want) > 4800 and got == want,
              f"--ids of --phonemes at length scale {scale}: exit {code} {err.strip()!r}, {len(got)} bytes, "
              f"text gives {len(want)}")
        if scale == "2":
            check(len(utts) > n_at_1, f"--phonemes: {len(utts)} utterances at length scale 2, {n_at_1} at 1")
        n_at_1 = len(utts)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "ids.json")
        with open(path, "wb") as f:
            f.write(listing)
        code, _, err = run("--voice", voice, "--length-scale", "2", "--ids", path, "-o", os.path.join(tmp, "a.wav"))
        check(code == 0, f"--ids FILE: exit {code}: {err.strip()}")

    def ids_fails(what, stdin, mention, *extra):
        code, _, err = run_in(stdin, "--voice", voice, "--raw", "s16le", "--ids", "-", *extra)
        check(code == 1 and err.startswith("inflect-say: ") and err.count("\n") == 1 and mention in err,
              f"--ids {what}: exit {code}, stderr {err!r}, expected a mention of {mention!r}")

    one = json.dumps({"phone": [0, 49, 0], "tone": [7, 8, 7], "lang": [2, 2, 2]}).encode()
    ids_fails("with a malformed second line", one + b"\n{\"phone\": [1, 2,]}\n", "line 2")
    ids_fails("of different lengths", b'{"phone": [0, 49, 0], "tone": [7, 7], "lang": [2, 2, 2]}', "same")
    ids_fails("without lang", b'{"phone": [0], "tone": [7]}', '"lang"')
    ids_fails("with a phone past the table", b'{"phone": [0, 300, 0], "tone": [7, 8, 7], "lang": [2, 2, 2]}',
              "out of range")
    ids_fails("with a fraction", b'{"phone": [0, 4.5, 0], "tone": [7, 8, 7], "lang": [2, 2, 2]}', "integers")
    ids_fails("of nothing", b" \n", "no utterance")
    ids_fails("nested too deep", b'{"x": ' + b"[" * 100000 + b"}", "nested")
    ids_fails("beside text", one, "takes no TEXT", "hello")


def same_low_memory(what, *args):
    """--low-memory (layers read from the mapped files) gives the same samples."""
    text = "Hello there, how are you today?"
    a, b = run(*args, "--raw", "s16le", text), run(*args, "--low-memory", "--raw", "s16le", text)
    check(a[0] == 0 and b[0] == 0 and len(a[1]) > 0 and a[1] == b[1],
          f"{what} --low-memory: exit {a[0]}/{b[0]}, {len(a[1])}/{len(b[1])} bytes, "
          f"{'same' if a[1] == b[1] else 'different'} samples")


def torch_reads(one, voices):
    """bench/bench.py runs the PyTorch reference on the voice it times
    (training/voice_torch.load_voice): it must read every layout the engine
    opens, the same weights as the one-file voice to within block
    quantization (Q4_K: a few percent of a tensor's largest value)."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # the training package
    from training.voice_torch import load_voice
    ref = load_voice(one)
    want = {**ref.acoustic.state_dict(), **{"g." + k: v for k, v in ref.generator.state_dict().items()}}
    for path, tolerance in voices:
        try:
            v = load_voice(path)
        except (KeyError, ValueError, RuntimeError) as e:
            check(False, f"voice_torch reads {os.path.basename(path)}: {e}")
            continue
        got = {**v.acoustic.state_dict(), **{"g." + k: t for k, t in v.generator.state_dict().items()}}
        worst = max(float((got[k] - w).abs().max() / max(float(w.abs().max()), 1e-12)) for k, w in want.items())
        check(worst <= tolerance, f"voice_torch reads {os.path.basename(path)} {worst:.3g} from the F16 weights")


def converter_refuses(d, env):
    """training/convert_upstream.py on a checkpoint that does not fit: exit 1
    and one line naming the file and what is wrong, never a traceback."""
    import torch
    ac, vc = os.path.join(d, "upstream-acoustic.pt"), os.path.join(d, "upstream-vocoder.pt")
    ac_ck = torch.load(ac, map_location="cpu", weights_only=False)
    vc_sd = torch.load(vc, map_location="cpu", weights_only=False)

    def refuses(what, mention, acoustic=None, vocoder=None):
        with tempfile.TemporaryDirectory() as tmp:
            a, v = ac, vc
            if acoustic is not None:
                a = os.path.join(tmp, "a.pt")
                if isinstance(acoustic, bytes):
                    with open(a, "wb") as f:
                        f.write(acoustic)
                else:
                    torch.save(acoustic, a)
            if vocoder is not None:
                v = os.path.join(tmp, "v.pt")
                torch.save(vocoder, v)
            p = subprocess.run([sys.executable, "-m", "training.convert_upstream", "--acoustic", a, "--vocoder", v,
                                "-o", os.path.join(tmp, "out.gguf")], capture_output=True, text=True, env=env)
            err = p.stderr
            check(p.returncode == 1 and err.startswith("convert_upstream: ") and err.count("\n") == 1
                  and mention in err, f"convert_upstream, {what}: exit {p.returncode}, stderr {err[-400:]!r}, "
                  f"expected one line mentioning {mention!r}")

    def acoustic_with(edit):
        ck = dict(ac_ck, model=dict(ac_ck["model"]))
        edit(ck["model"])
        return ck

    def vocoder_with(edit):
        sd = dict(vc_sd)
        edit(sd)
        return sd

    def grow(sd, name):
        sd[name] = torch.zeros([sd[name].shape[0] + 1, *sd[name].shape[1:]])

    refuses("an acoustic tensor missing", "no tensor 'phone.weight'",
            acoustic=acoustic_with(lambda sd: sd.pop("phone.weight")))
    refuses("an acoustic tensor misshapen", "'energy_head.1.weight' has shape [17, 32]",
            acoustic=acoustic_with(lambda sd: grow(sd, "energy_head.1.weight")))
    refuses("an embedding against the config", "tone_size = 16 but the tensors give 17",
            acoustic=acoustic_with(lambda sd: grow(sd, "tone.weight")))
    refuses("an extra acoustic tensor", "unexpected tensor 'extra.weight'",
            acoustic=acoustic_with(lambda sd: sd.update({"extra.weight": torch.zeros(3)})))
    refuses("a weight_g without its weight_v", "'conv_post.weight_g' has no 'conv_post.weight_v'",
            vocoder=vocoder_with(lambda sd: sd.pop("conv_post.weight_v")))
    refuses("a weight_v without its weight_g", "has no 'resblocks.1.convs2.0.weight_g'",
            vocoder=vocoder_with(lambda sd: sd.pop("resblocks.1.convs2.0.weight_g")))
    refuses("an upsampler misshapen", "'ups.1.weight_g' has shape",
            vocoder=vocoder_with(lambda sd: grow(sd, "ups.1.weight_v")))
    refuses("a vocoder bias missing", "no tensor 'conv_pre.bias'",
            vocoder=vocoder_with(lambda sd: sd.pop("conv_pre.bias")))
    refuses("a cut checkpoint", "not a readable PyTorch checkpoint",
            acoustic=open(ac, "rb").read()[:os.path.getsize(ac) // 2])


def measures_pair(f16, env):
    """training.measure_prosody stores a pair's gain and F0 centre in its acoustic file, with the vocoder the
    engine finds beside it; an acoustic file alone gets inflect-say's reason, not a traceback."""
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from training import gguf
    tool = [sys.executable, "-m", "training.measure_prosody", "--say", SAY, "--sentences", "2"]
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "measured-acoustic.gguf")
        p = subprocess.run([*tool, f16 + "-acoustic.gguf", "-o", out], capture_output=True, text=True, env=env)
        check(p.returncode == 0, f"measure_prosody on a pair found by name: exit {p.returncode} {p.stderr[-300:]}")
        if p.returncode == 0:
            fields = gguf.Reader(out).fields
            check("inflect.prosody.f0_median" in fields and "inflect.output.gain" in fields,
                  "measure_prosody on a pair: no gain or F0 centre stored")
        alone = os.path.join(tmp, "alone-acoustic.gguf")
        shutil.copyfile(f16 + "-acoustic.gguf", alone)
        p = subprocess.run([*tool, alone, "-o", out], capture_output=True, text=True, env=env)
        check(p.returncode == 1 and "Traceback" not in p.stderr and "--vocoder FILE" in p.stderr
              and alone in p.stderr, f"measure_prosody on an acoustic file alone: exit {p.returncode} {p.stderr!r}")
        p = subprocess.run([*tool, alone, "--vocoder", f16 + "-vocoder.gguf", "-o", out], capture_output=True,
                           text=True, env=env)
        check(p.returncode == 0, f"measure_prosody --vocoder: exit {p.returncode} {p.stderr[-300:]}")


def main():
    global SAY
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    SAY, manifest = sys.argv[1], sys.argv[2]
    skip_unmade(manifest)
    d = os.path.dirname(manifest)
    one, f16, q8 = (os.path.join(d, n) for n in ("upstream.gguf", "upstream-f16", "upstream-q8"))

    speaks("converted one-file voice", "--voice", one)
    speaks("F16 pair found by name", "--voice", f16 + "-acoustic.gguf")
    speaks("Q8_0 pair found by name", "--voice", q8 + "-acoustic.gguf")
    speaks("Q4_K pair found by name", "--voice", os.path.join(d, "upstream-q4k-acoustic.gguf"))
    speaks("pair given with --vocoder", "--voice", q8 + "-acoustic.gguf", "--vocoder", f16 + "-vocoder.gguf")
    same_low_memory("converted one-file voice", "--voice", one)
    same_low_memory("F16 pair", "--voice", f16 + "-acoustic.gguf")
    same_low_memory("Q8_0 pair", "--voice", q8 + "-acoustic.gguf")
    same_low_memory("Q4_K pair", "--voice", os.path.join(d, "upstream-q4k-acoustic.gguf"))
    same_low_memory("pair given with --vocoder", "--voice", q8 + "-acoustic.gguf", "--vocoder",
                    f16 + "-vocoder.gguf")
    speaks("second speaker", "--voice", f16 + "-acoustic.gguf", "--speaker", "1")

    # A voice requantised by training/quantize_voice.py speaks, however its
    # convolutions are flattened; a quantized one is not requantised again.
    tool = ["-m", "training.quantize_voice"]
    # The training package of this tree, whatever the working directory holds.
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.abspath(__file__))), PYTHONSAFEPATH="1")
    with tempfile.TemporaryDirectory() as tmp:
        for qtype in ("q8_0", "q6_k", "q4_k"):
            out = os.path.join(tmp, f"{qtype}.gguf")
            p = subprocess.run([sys.executable, *tool, one, "--type", qtype, "-o", out], capture_output=True,
                               text=True, env=env)
            check(p.returncode == 0 and os.path.getsize(out) < os.path.getsize(one),
                  f"quantize_voice {qtype}: exit {p.returncode} {p.stderr.strip()[-200:]}")
            if p.returncode == 0:
                speaks(f"voice requantised to {qtype}", "--voice", out)
                same_low_memory(f"voice requantised to {qtype}", "--voice", out)
                if qtype == "q8_0":
                    torch_reads(one, [(out, 0.01), (f16 + "-acoustic.gguf", 0.001), (q8 + "-acoustic.gguf", 0.01),
                                      (os.path.join(d, "upstream-q4k-acoustic.gguf"), 0.1)])
        p = subprocess.run([sys.executable, *tool, out, "-o", os.path.join(tmp, "again.gguf")], capture_output=True,
                           text=True, env=env)
        check(p.returncode != 0 and "already quantized" in p.stderr, f"requantising a quantized voice: {p.stderr!r}")
    converter_refuses(d, env)
    measures_pair(f16, env)

    # The frontend the file asks for: upstream ids, tones and lang.
    code, out, err = run("--voice", f16 + "-acoustic.gguf", "--phonemes", "Hello, world.")
    check(code == 0, f"--phonemes: exit {code}: {err}")
    if code == 0:
        u = json.loads(out.decode().splitlines()[0])
        check(u["phone"][3:10:2] == [49, 23, 70, 80], f"--phonemes: hello is {u['phone'][3:10:2]}")
        check(u["tone"][1] == 7 and u["lang"][1] == 2, "--phonemes: pad tone/lang")

    ids_round_trip(f16 + "-acoustic.gguf")

    # One word event per written word, even when it is read as several.
    with tempfile.TemporaryDirectory() as tmp:
        code, out, _ = run("--voice", one, "--timings", "-o", os.path.join(tmp, "t.wav"),
                           "He paid $3.50, then left.")
        words = [json.loads(line)["text"] for line in out.decode().splitlines() if '"word"' in line]
        check(code == 0 and words == ["He", "paid", "$3.50", "then", "left"], f"--timings words: {words}")

    with tempfile.TemporaryDirectory() as tmp:
        lonely = os.path.join(tmp, "model-acoustic.gguf")
        shutil.copy(f16 + "-acoustic.gguf", lonely)
        fails("acoustic file without its vocoder", "give it with --vocoder FILE", "--voice", lonely)
    fails("vocoder given as the voice", "is an upstream vocoder", "--voice", f16 + "-vocoder.gguf")
    fails("two acoustic files", "not inflect-vocoder", "--voice", f16 + "-acoustic.gguf", "--vocoder",
          q8 + "-acoustic.gguf")
    fails("our voice as an upstream vocoder", "not inflect-vocoder", "--voice", f16 + "-acoustic.gguf",
          "--vocoder", one)
    fails("--vocoder without --voice", "--vocoder needs --voice", "--vocoder", f16 + "-vocoder.gguf")
    fails("our voice given a vocoder", "one-file Inflect voice", "--voice", one, "--vocoder", f16 + "-vocoder.gguf")
    # A key missing from one file of a pair: the message says which file,
    # since both hold some of the same keys (sample_rate is optional in the
    # acoustic file and required in the vocoder's).
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from training import gguf
    with tempfile.TemporaryDirectory() as tmp:
        for role, key in (("vocoder", "sample_rate"), ("vocoder", "resblock_dilation_sizes"),
                          ("acoustic", "hidden")):
            cut = os.path.join(tmp, f"cut-{role}.gguf")
            gguf.set_metadata(f"{f16}-{role}.gguf", cut, {key: None})
            pair = {"acoustic": f16 + "-acoustic.gguf", "vocoder": f16 + "-vocoder.gguf", role: cut}
            fails(f"{role} file without {key}", f"in the {role} file, voice has no key '{key}'",
                  "--voice", pair["acoustic"], "--vocoder", pair["vocoder"])

    return finish("all upstream CLI checks passed")


if __name__ == "__main__":
    sys.exit(main())
