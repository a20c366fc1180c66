#!/usr/bin/env python3
# screen-qr-pgm.py: the QR code of a console screen (a vtdrive snapshot) as a PGM picture, for zbarimg to read.
#
# usage: screen-qr-pgm.py SNAPSHOT OUT.pgm
#
# The card screen draws the code at the top left with half blocks, two
# modules a line: U+2580 the upper one, U+2584 the lower, U+2588 both, a
# space neither. In colour the glyphs are the dark modules (black on
# white); without colour they are the light ones, quiet zone included, so
# the top left corner is a full block. The snapshot has no colours, so the
# polarity is read from that corner. Each module becomes 8x8 pixels, with
# a white margin of 4 modules round the code.

import sys

UPPER, LOWER, FULL = "\u2580", "\u2584", "\u2588"
PX = 8
MARGIN = 4


def halves(ch):
    """The (upper, lower) halves a glyph inks."""
    return (ch in (UPPER, FULL), ch in (LOWER, FULL))


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: screen-qr-pgm.py SNAPSHOT OUT.pgm")
    with open(sys.argv[1], encoding="utf-8") as f:
        lines = f.read().split("\n")
    # The code's lines: those from the top that hold a block glyph.
    rows = []
    for line in lines:
        if not any(c in line for c in (UPPER, LOWER, FULL)):
            if rows:
                break
            continue
        rows.append(line)
    if not rows:
        sys.exit("no QR code on the screen")
    inverted = rows[0][:1] == FULL     # glyphs are the light modules
    # Columns: up to the first run of 2 spaces past every glyph of the code,
    # that is the rightmost glyph before the details column.
    width = 0
    for line in rows:
        end = 0
        for i, c in enumerate(line):
            if c in (UPPER, LOWER, FULL):
                end = i + 1
            elif c != " " and i > 0:
                break
        width = max(width, end)
    inked = []
    for line in rows:
        line = line[:width].ljust(width)
        top = [halves(c)[0] for c in line]
        bottom = [halves(c)[1] for c in line]
        inked.append(top)
        inked.append(bottom)
    if inverted:
        # Dark is what is not inked inside the square of the quiet zone.
        side = width
        dark = [[not inked[y][x] for x in range(side)]
                for y in range(min(side, len(inked)))]
    else:
        dark = inked
    # Crop to the dark modules' bounding box.
    ys = [y for y, r in enumerate(dark) if any(r)]
    xs = [x for r in dark for x, v in enumerate(r) if v]
    if not ys:
        sys.exit("no dark module found")
    y0, y1, x0, x1 = min(ys), max(ys), min(xs), max(xs)
    n = max(y1 - y0, x1 - x0) + 1
    size = (n + 2 * MARGIN) * PX
    out = bytearray([255]) * (size * size)
    for y in range(n):
        for x in range(n):
            yy, xx = y0 + y, x0 + x
            if yy < len(dark) and xx < len(dark[yy]) and dark[yy][xx]:
                for py in range(PX):
                    off = ((y + MARGIN) * PX + py) * size + \
                        (x + MARGIN) * PX
                    out[off:off + PX] = bytes(PX)
    with open(sys.argv[2], "wb") as f:
        f.write(b"P5\n%d %d\n255\n" % (size, size))
        f.write(out)
    print("modules %d, %s" % (n, "light glyphs" if inverted else
                               "dark glyphs"))


if __name__ == "__main__":
    main()
