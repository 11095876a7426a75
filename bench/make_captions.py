#!/usr/bin/python3
"""Writes a caption file (.srt) for bench/live_captions: one caption every
2 to 4 seconds, each shown until the next, sentences of the kind a live
news or sports captioner writes. Seeded, so every run gets the same file."""
import argparse
import random

SENTENCES = [
    "Good evening and welcome to the late news.",
    "Heavy rain is expected across the north tonight.",
    "The match resumes after a short delay.",
    "Officials say the bridge will reopen on Monday.",
    "Prices rose for the third month in a row.",
    "She scores again!",
    "Traffic is slow on the ring road near the airport.",
    "The council meets tomorrow at ten.",
    "Thank you for joining us.",
    "Police have closed the road in both directions.",
    "It was a close race, decided in the final seconds.",
    "More on that story after the break.",
    "Temperatures will fall to minus five overnight.",
    "The minister declined to comment.",
    "A new exhibition opens at the city museum this weekend.",
    "Wait for it.",
    "Shares in the company fell sharply this morning.",
    "Fans have been queuing since dawn.",
    "Rescue teams reached the village just after midnight.",
    "That's all from us, goodnight.",
    "The vote was passed by a narrow margin, with several members abstaining.",
    "Now, the weather.",
    "Flights are delayed by up to two hours because of fog.",
    "He takes the corner, and it's cleared away.",
    "Schools will stay open despite the strike.",
    "The festival drew a record crowd of forty thousand people.",
    "Let's go over to our reporter at the scene.",
    "Power has been restored to most homes.",
]


def stamp(t):
    ms = int(round(t * 1000))
    return "%02d:%02d:%02d,%03d" % (ms // 3600000, ms // 60000 % 60, ms // 1000 % 60, ms % 1000)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("output")
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--start", type=float, default=2.0, help="first caption (seconds)")
    ap.add_argument("--seed", type=int, default=10)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    t, n, end = args.start, 0, args.minutes * 60
    with open(args.output, "w", encoding="utf-8") as f:
        while True:
            gap = rng.uniform(2.0, 4.0)
            if t + gap > end:
                break
            n += 1
            f.write("%d\n%s --> %s\n%s\n\n" % (n, stamp(t), stamp(t + gap - 0.1), rng.choice(SENTENCES)))
            t += gap
    print("%d captions, %.1f min" % (n, t / 60))


if __name__ == "__main__":
    main()
