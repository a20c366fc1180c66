#!/usr/bin/env python3
# svg-qr-pgm.py: rasterise the QR code of a card's SVG (card_svg) to a PGM image that zbarimg can read.
"""Usage: svg-qr-pgm.py CARD.svg OUT.pgm

Reads an SVG page made by card_svg (src/card-svg.c), finds its QR code, the
group with id="qr", and draws that group alone to OUT.pgm, a binary PGM
(P5), at 8 pixels a module with 4 more modules of white around it, so that
an independent decoder reads it back:

    tests/qr-card-svg PAYLOAD > card.svg
    python3 tests/svg-qr-pgm.py card.svg card.pgm
    zbarimg --raw -q card.pgm

The group holds a white rect (the code and its quiet zone) and black rects,
each one module high and a whole number of modules wide; the module is the
black rects' height, and every rect must sit on the grid that starts at the
white rect's corner. The group's own transform, if any, only places and
scales the code on the page, so it is not needed here. Anything off the
grid is an error (exit 1): the test then fails rather than rounding a broken
drawing into a readable one. Only the standard library is used.
"""

import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
SCALE = 8       # pixels a module
MARGIN = 4      # white modules around the white rect


def fail(msg):
    sys.stderr.write("svg-qr-pgm: %s\n" % msg)
    sys.exit(1)


def num(rect, name):
    v = rect.get(name, "0")
    try:
        return float(v)
    except ValueError:
        fail("rect %s=%r is not a number" % (name, v))


def white(rect):
    fill = (rect.get("fill") or "").strip().lower()
    return fill in ("#fff", "#ffffff", "white")


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: svg-qr-pgm.py CARD.svg OUT.pgm\n")
        return 2
    try:
        root = ET.parse(argv[1]).getroot()
    except (OSError, ET.ParseError) as e:
        fail("%s: %s" % (argv[1], e))
    group = None
    for g in root.iter(SVG + "g"):
        if g.get("id") == "qr":
            group = g
            break
    if group is None:
        fail("%s: no group with id=\"qr\"" % argv[1])
    rects = list(group.iter(SVG + "rect"))
    backs = [r for r in rects if white(r)]
    darks = [r for r in rects if not white(r)]
    if len(backs) != 1:
        fail("%d white rects in the code's group, not 1" % len(backs))
    if not darks:
        fail("no dark modules")
    bx, by = num(backs[0], "x"), num(backs[0], "y")
    bw, bh = num(backs[0], "width"), num(backs[0], "height")
    m = num(darks[0], "height")
    if m <= 0:
        fail("a module of height %g" % m)

    def cells(v, what):
        c = v / m
        if abs(c - round(c)) > 1e-6:
            fail("%s %g is not a whole number of modules of %g" %
                 (what, v, m))
        return int(round(c))

    side = cells(bw, "the white square's width")
    if cells(bh, "the white square's height") != side:
        fail("the white rect is not square")
    grid = [[False] * side for _ in range(side)]
    for r in darks:
        x = cells(num(r, "x") - bx, "x")
        y = cells(num(r, "y") - by, "y")
        w = cells(num(r, "width"), "width")
        if cells(num(r, "height"), "height") != 1:
            fail("a rect more than one module high")
        if x < 0 or y < 0 or w < 1 or x + w > side or y >= side:
            fail("a rect outside the white square")
        for i in range(x, x + w):
            if grid[y][i]:
                fail("module %d,%d drawn twice" % (i, y))
            grid[y][i] = True

    n = (side + 2 * MARGIN) * SCALE
    rows = []
    blank = bytes([255]) * n
    for _ in range(MARGIN * SCALE):
        rows.append(blank)
    for y in range(side):
        line = bytearray([255]) * (MARGIN * SCALE)
        for x in range(side):
            line += bytes([0 if grid[y][x] else 255]) * SCALE
        line += bytearray([255]) * (MARGIN * SCALE)
        for _ in range(SCALE):
            rows.append(bytes(line))
    for _ in range(MARGIN * SCALE):
        rows.append(blank)
    try:
        with open(argv[2], "wb") as f:
            f.write(b"P5\n%d %d\n255\n" % (n, n))
            f.write(b"".join(rows))
    except OSError as e:
        fail("%s: %s" % (argv[2], e))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
