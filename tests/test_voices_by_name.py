#!/usr/bin/python3
"""Voices by name (inflect.h): the search path's order, --list-voices, and
what a missing name says, through inflect-say with the shipped voices.

  /usr/bin/python3 tests/test_voices_by_name.py INFLECT_SAY MODELS_DIR

The search path is steered by the environment only (INFLECT_VOICE_PATH,
XDG_DATA_HOME, XDG_DATA_DIRS), into temporary directories holding links to
the real voice files, so the installed voices of this machine, if any, are
the only ones outside the test's control: the test never relies on them.
"""
import os
import subprocess
import sys
import tempfile

from checks import check, finish


def run(args, env, cwd=None):
    p = subprocess.run([SAY] + args, env=env, cwd=cwd, capture_output=True, timeout=120)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def voices(env):
    """--list-voices as {name: (language, gender, licence, file)}, in order."""
    code, out, err = run(["--list-voices"], env)
    check(code == 0, f"--list-voices: exit {code}: {err}")
    lines = out.decode().splitlines()
    check(lines and lines[0].split("\t") == ["NAME", "LANGUAGE", "GENDER", "LICENCE", "FILE"],
          f"--list-voices header: {lines[:1]}")
    rows = [line.split("\t") for line in lines[1:]]
    names = [r[0] for r in rows]
    check(len(names) == len(set(names)), f"a name listed twice: {names}")
    return {r[0]: tuple(r[1:]) for r in rows}


def speaker(name, env):
    """The speaker of the file a voice name opens: which file it found."""
    code, out, err = run(["-v", name, "--list-speakers"], env)
    check(code == 0, f"-v {name}: exit {code}: {err}")
    return out.decode().split("\t")[-1].strip()


def link(directory, name, target):
    os.makedirs(directory, exist_ok=True)
    os.symlink(target, os.path.join(directory, name))


def main():
    global SAY
    SAY, models = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    kathleen, rms = os.path.join(models, "kathleen.gguf"), os.path.join(models, "rms.gguf")
    with tempfile.TemporaryDirectory() as tmp:
        first, second = os.path.join(tmp, "first"), os.path.join(tmp, "second")
        home = os.path.join(tmp, "home")
        user = os.path.join(home, "inflect", "voices")
        # Two files called "a": which one a name opens depends on the order.
        link(first, "a.gguf", kathleen)
        link(second, "a.gguf", rms)
        link(second, "b.gguf", rms)
        link(user, "c.gguf", kathleen)
        link(user, "b.gguf", kathleen)
        # Not voices: never listed, never opened by name.
        with open(os.path.join(first, "junk.gguf"), "wb") as f:
            f.write(b"not a gguf file")
        env = dict(os.environ, INFLECT_VOICE_PATH=f"{first}:{second}", XDG_DATA_HOME=home,
                   XDG_DATA_DIRS=os.path.join(tmp, "nothing"))
        env.pop("INFLECT_VOICE", None)

        check(speaker("a", env) == "kathleen", "INFLECT_VOICE_PATH is searched in order")
        check(speaker("a", dict(env, INFLECT_VOICE_PATH=f"{second}:{first}")) == "rms",
              "INFLECT_VOICE_PATH order reversed")
        check(speaker("b", env) == "rms", "INFLECT_VOICE_PATH comes before the user's directory")
        check(speaker("c", env) == "kathleen", "the user's directory ($XDG_DATA_HOME/inflect/voices)")
        no_xdg = dict(env, HOME=os.path.join(tmp, "h"))
        del no_xdg["XDG_DATA_HOME"]
        link(os.path.join(tmp, "h", ".local", "share", "inflect", "voices"), "d.gguf", rms)
        check(speaker("d", no_xdg) == "rms", "without XDG_DATA_HOME: ~/.local/share/inflect/voices")
        check(run(["-v", "e", "--list-speakers"], env)[0] == 1, "a voice in no directory of the path was found")
        link(os.path.join(tmp, "sys", "inflect", "voices"), "e.gguf", kathleen)
        check(speaker("e", dict(env, XDG_DATA_DIRS=f"{tmp}/nothing:{tmp}/sys")) == "kathleen",
              "$XDG_DATA_DIRS/inflect/voices")

        listed = voices(env)
        for name, target in (("a", kathleen), ("b", rms), ("c", kathleen)):
            check(name in listed, f"--list-voices misses {name}: {sorted(listed)}")
        check(listed.get("a", ("",) * 4)[3] == os.path.join(first, "a.gguf"),
              f"--list-voices shows the file the name opens: {listed.get('a')}")
        check(listed.get("b", ("",) * 4)[3] == os.path.join(second, "b.gguf"), f"b: {listed.get('b')}")
        check("junk" not in listed, "a file that is not a voice is listed")
        # What the files say: kathleen's record is CC0, espeak-ng en-us.
        language, gender, licence, _ = listed.get("c", ("",) * 4)
        check(language == "en-us" and licence == "CC0-1.0", f"kathleen's metadata: {listed.get('c')}")
        check(gender == "female", f"kathleen's gender: {gender!r}")
        check(listed.get("b", ("",) * 4)[1] == "male", f"rms's gender: {listed.get('b')}")

        # What an earlier directory has under a name decides what the name
        # opens, and the list shows just that: a directory or FIFO called
        # "f.gguf" is passed over, a file that is not a voice is what "g"
        # opens (a clear error), so the list shows no "g" at all.
        os.makedirs(os.path.join(first, "f.gguf"))
        os.mkfifo(os.path.join(first, "h.gguf"))
        with open(os.path.join(first, "g.gguf"), "wb") as f:
            f.write(b"not a gguf file")
        for name in "fgh":
            link(second, f"{name}.gguf", rms)
        listed = voices(env)
        check(listed.get("f", ("",) * 4)[3] == os.path.join(second, "f.gguf"), f"f: {listed.get('f')}")
        check(speaker("f", env) == "rms", "a directory named f.gguf hides the voice f")
        check(listed.get("h", ("",) * 4)[3] == os.path.join(second, "h.gguf"), f"h: {listed.get('h')}")
        check(speaker("h", env) == "rms", "a FIFO named h.gguf hides the voice h")
        check("g" not in listed, f"g is listed, but opens {first}/g.gguf, not a voice: {listed.get('g')}")
        code, _, err = run(["-v", "g", "--list-speakers"], env)
        check(code == 1 and os.path.join(first, "g.gguf") in err and "GGUF" in err,
              f"-v g: exit {code}, {err!r}")

        # A missing name fails in one line that names every directory searched.
        code, out, err = run(["-v", "nosuch", "-o", os.path.join(tmp, "x.wav"), "hi"], env)
        check(code == 1 and err.count("\n") == 1, f"missing voice: exit {code}, {err!r}")
        for d in (first, second, user):
            check(d in err, f"missing voice: the message does not name {d}: {err!r}")
        check(not os.path.exists(os.path.join(tmp, "x.wav")), "missing voice: an output file was written")
        code, _, err = run(["--list-voices"], dict(env, INFLECT_VOICE_PATH=os.path.join(tmp, "nothing"),
                                                  XDG_DATA_HOME=os.path.join(tmp, "nothing"), HOME=tmp))
        # The installed voices of this machine may be listed; otherwise it says where it looked.
        check(code == 0 or (code == 1 and os.path.join(tmp, "nothing") in err), f"no voices: {code} {err!r}")

        # A path is a file, whatever the search path has: "a.gguf" in the
        # working directory is not the voice named "a".
        link(os.path.join(tmp, "cwd"), "a.gguf", rms)
        code, out, err = run(["-v", "a.gguf", "--list-speakers"], env, cwd=os.path.join(tmp, "cwd"))
        check(code == 0 and out.decode().split("\t")[-1].strip() == "rms", f"-v a.gguf is a path: {err}")

        # Speaking by name is speaking that file: the same samples.
        by_name, by_path = os.path.join(tmp, "name.wav"), os.path.join(tmp, "path.wav")
        run(["-v", "c", "-o", by_name, "Voices by name."], env)
        run(["-v", kathleen, "-o", by_path, "Voices by name."], env)
        with open(by_name, "rb") as f1, open(by_path, "rb") as f2:
            a, b = f1.read(), f2.read()
        check(len(a) > 44 + 24000 and a == b, f"-v c and -v {kathleen} differ ({len(a)} and {len(b)} bytes)")

        # A hidden file is not listed, so its name opens nothing either; a
        # relative XDG_DATA_HOME is ignored (XDG spec), ~/.local/share used.
        link(first, ".hidden.gguf", rms)
        check(".hidden" not in voices(env), "a hidden file is listed")
        check(run(["-v", ".hidden", "--list-speakers"], env)[0] == 1, "a hidden file opens by name")
        link(os.path.join(tmp, ".local", "share", "inflect", "voices"), "d2.gguf", rms)
        relative = dict(env, XDG_DATA_HOME="home", HOME=tmp)
        check(speaker("d2", relative) == "rms", "a relative XDG_DATA_HOME is not ignored")
        code, _, err = run(["-v", "", "--list-speakers"], env)
        check(code == 1 and "empty" in err, f"-v '': exit {code}, {err!r}")

    return finish("voices by name: all checks passed")


if __name__ == "__main__":
    sys.exit(main())
